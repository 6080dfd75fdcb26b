// Whether bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF). WebSocket text messages must be, and a peer's claim is never trusted.
#pragma once

#include <string_view>

namespace orchestra::text {

bool isValidUtf8(std::string_view bytes) noexcept;

}  // namespace orchestra::text
