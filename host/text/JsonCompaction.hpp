// Checks that a text is one JSON value within depth and size limits and writes it compactly,
// without building a document: a request body that is only passed on (a webhook's payload) then
// costs about its own size, whatever its shape. A document tree would cost up to ~300× the body
// with Poco::JSON (tests/bench/json_dom_bench.cpp measures each library and shape).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace orchestra::text {

struct JsonCompactionLimits {
  std::size_t max_depth = 64;       // nesting of arrays and objects
  std::size_t max_values = 100000;  // every scalar, array and object counts one
};

enum class JsonCompaction : std::uint8_t {
  kWritten,        // `out` holds the value, compact
  kNotJson,        // not one JSON value (or not UTF-8); `out` is unchanged
  kTooDeep,        // valid so far, but nested past max_depth; `out` is unchanged
  kTooManyValues,  // valid so far, but more than max_values values; `out` is unchanged
};

// Appends `json` to `out` without insignificant whitespace. Member order and the spelling of
// numbers are kept as sent (no rounding through double); strings are escaped again by
// appendJsonString, so the output is what the host writes everywhere. Parsing is iterative, so
// deep nesting cannot exhaust the stack before the depth limit stops it.
JsonCompaction appendCompactJson(std::string_view json, const JsonCompactionLimits& limits,
                                 std::string& out);

}  // namespace orchestra::text
