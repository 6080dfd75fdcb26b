// Small JSON text helpers: quoting a string, and reading a plain YAML scalar the way YAML's core
// schema would (null, boolean, number or string) when an opaque subtree is handed on as JSON.
#pragma once

#include <string>
#include <string_view>

namespace orchestra::config {

// `text` as a JSON string literal; control characters are escaped, so the result is one line.
std::string jsonQuoted(std::string_view text);

// An unquoted YAML scalar as JSON: null, true/false, a number, or else a string.
std::string plainScalarAsJson(std::string_view text);

}  // namespace orchestra::config
