// JSON text laid out for a person to read: one member or element per line, nested levels
// indented. Used where a result is printed to a terminal (`orchestra run`'s final output).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace orchestra::text {

// `json` (valid JSON, compact or not) re-indented by `indent_width` spaces per level, with
// "key": value spacing. Only whitespace outside strings changes: strings and numbers are copied
// byte for byte, so nothing is re-parsed or rounded. Empty objects and arrays stay `{}` / `[]`.
std::string indentJson(std::string_view json, std::size_t indent_width = 2);

}  // namespace orchestra::text
