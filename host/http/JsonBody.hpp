// Reading a request body as JSON, for the router's schema check: malformed JSON is a 400, JSON
// nested deeper than the limit or of the wrong type a 422, in the plan's error shapes.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <string_view>

namespace orchestra::http {

// Deep enough for any graph the studio sends; shallow enough that parsing, validating and
// destroying the value (all recursive) cannot exhaust a worker thread's stack.
inline constexpr std::size_t kMaxJsonNestingDepth = 64;

// The deepest nesting of arrays and objects in `text` (brackets inside strings ignored); stops
// counting past `limit` + 1.
std::size_t jsonNestingDepth(std::string_view text, std::size_t limit);

// `text` as a JSON object. Throws errors::ApiError: 400 for an empty body or malformed JSON,
// 422 for nesting deeper than kMaxJsonNestingDepth or a value that is not an object.
Poco::JSON::Object::Ptr parseJsonObject(std::string_view text);

}  // namespace orchestra::http
