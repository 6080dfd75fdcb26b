// The one JSON string escaper of the host: log lines, error bodies, API responses and config
// messages all quote text through it, so every byte sequence becomes a string every parser accepts.
#pragma once

#include <string>
#include <string_view>

namespace orchestra::text {

// Appends `text` in double quotes. Quotes, backslashes and control characters are escaped;
// valid UTF-8 is copied as is; each byte that is not part of valid UTF-8 (stray continuation
// bytes, overlong forms, surrogates, truncated sequences) becomes U+FFFD, so one bad byte
// from a client cannot make a whole line unparseable.
void appendJsonString(std::string& out, std::string_view text);

// `text` as a JSON string literal, quotes included (appendJsonString into a new string).
std::string jsonQuote(std::string_view text);

}  // namespace orchestra::text
