// Reading a plain YAML scalar the way YAML's core schema would (null, boolean, number or string)
// when an opaque subtree is handed on as JSON. Quoting strings is text::jsonQuote's job.
#pragma once

#include <string>
#include <string_view>

namespace orchestra::config {

// An unquoted YAML scalar as JSON: null, true/false, a number, or else a string.
std::string plainScalarAsJson(std::string_view text);

}  // namespace orchestra::config
