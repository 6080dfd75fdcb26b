// Writing arbitrary bytes (request paths, header values, error messages) as a JSON string that
// every parser accepts, for log lines built without a JSON library.
#pragma once

#include <string>
#include <string_view>

namespace orchestra::observability {

// Appends `text` in double quotes. Quotes, backslashes and control characters are escaped;
// valid UTF-8 is copied as is; each byte that is not part of valid UTF-8 (stray continuation
// bytes, overlong forms, surrogates, truncated sequences) becomes U+FFFD, so one bad byte
// from a client cannot make a whole line unparseable.
void appendJsonString(std::string& out, std::string_view text);

}  // namespace orchestra::observability
