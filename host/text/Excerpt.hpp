// A short excerpt of text that may come from a client, for error messages and logs: an error must
// never send back more than a few dozen bytes of what it refuses (a 1 MB key is not a message).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace orchestra::text {

inline constexpr std::size_t kDefaultExcerptBytes = 64;

// `text` when it has at most `max_bytes` bytes; otherwise its first bytes up to that limit, cut
// before a UTF-8 sequence that would not fit, followed by "…".
std::string excerpt(std::string_view text, std::size_t max_bytes = kDefaultExcerptBytes);

}  // namespace orchestra::text
