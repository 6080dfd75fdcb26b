// Reading a request body as JSON, for the router's schema check: the body's shape is measured in
// one cheap pass and refused past the limits before any document is built, then parsed into a
// compact document (text::JsonDocument); errors come in the plan's shapes with fixed messages
// that never echo the input.
#pragma once

#include <cstddef>
#include <string_view>

#include "host/errors/ApiError.hpp"
#include "host/text/JsonDocument.hpp"

namespace orchestra::http {

// Deep enough for any graph the studio sends; shallow enough that parsing, validating and
// destroying the value (all recursive) cannot exhaust a worker thread's stack.
inline constexpr std::size_t kMaxJsonNestingDepth = 64;
// A large workflow graph holds tens of thousands of values; the cap bounds one document's memory.
inline constexpr std::size_t kDefaultMaxJsonValues = 100'000;

struct JsonLimits {
  std::size_t max_depth = kMaxJsonNestingDepth;
  std::size_t max_values = kDefaultMaxJsonValues;
};

// What one pass over the text finds without building anything. Counting stops once a limit is
// passed, so an oversized body costs no more than the bytes up to that point.
struct JsonShape {
  std::size_t depth = 0;           // deepest nesting of arrays and objects
  std::size_t values = 0;          // every scalar, array and object, the top level included
  std::size_t members = 0;         // object members (each also counts among the values)
  std::size_t largest_array = 0;   // elements of the longest array
  std::size_t largest_object = 0;  // members of the largest object
  // Bytes of the strings (keys included) too long to sit inside a document's value.
  std::size_t long_string_bytes = 0;
  bool has_nul_escape = false;  // a \u0000 somewhere in a string (a key or a value)
};
JsonShape measureJson(std::string_view text, const JsonLimits& limits);

// The deepest nesting of arrays and objects in `text` (brackets inside strings ignored); stops
// counting past `limit` + 1.
std::size_t jsonNestingDepth(std::string_view text, std::size_t limit);

// The answers past a limit, the same wherever a body is measured: 422 for nesting deeper than
// max_depth, 413 for more values than max_values.
errors::ApiError jsonTooDeep(const JsonLimits& limits);
errors::ApiError jsonTooManyValues(const JsonLimits& limits);

// Above this size a body must not cost more than kMaxBodyCostFactor times itself as a document
// (estimatedCompactParseBytes): only bodies that pack values densely, such as megabytes of
// [0,0,...], cost more, and they are refused rather than held.
inline constexpr std::size_t kDenseBodyFloorBytes = std::size_t{64} * 1024;
inline constexpr std::size_t kMaxBodyCostFactor = 10;
errors::ApiError jsonTooDense();
// Whether a body of `body_bytes` with `shape` is refused by that rule.
bool packedTooDensely(std::size_t body_bytes, const JsonShape& shape);

// The shape of a body about to be parsed. Throws errors::ApiError: 400 for an empty body, 422
// for nesting deeper than the limit, 413 for more values than the limit or a body packed so
// densely that its document would cost more than kMaxBodyCostFactor times the body.
JsonShape measureJsonBody(std::string_view text, const JsonLimits& limits);

// `text`, already measured, as a JSON object. Throws errors::ApiError: 400 for malformed JSON
// ("Malformed JSON body", whatever the parser said), 422 for a value that is not an object or a
// NUL character in any string (located at the member that holds it: text columns would silently
// cut the value there, so the value checked would not be the value stored).
text::JsonDocument parseJsonObject(std::string_view text, const JsonShape& shape,
                                   const JsonLimits& limits);

// Both steps at once.
text::JsonDocument parseJsonObject(std::string_view text, const JsonLimits& limits = {});

}  // namespace orchestra::http
