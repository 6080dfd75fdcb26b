// Percent-decoding (RFC 3986) for every place that reads one: URL paths and queries, database
// URLs, JSON Pointer fragments. Poco::URI does the decoding; this adds the refusal as a value.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace orchestra::text {

// `text` with each %XX replaced by its byte (and '+' by a space when `plus_as_space`, as in
// query strings); nullopt when a '%' is not followed by two hex digits. Callers name the part
// that was malformed, never its value (it may be a password).
std::optional<std::string> percentDecode(std::string_view text, bool plus_as_space = false);

}  // namespace orchestra::text
