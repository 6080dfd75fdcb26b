#include "host/text/JsonIndent.hpp"

#include <cstddef>

namespace orchestra::text {

namespace {

bool isJsonWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The next character after `from` that is not whitespace, or '\0' at the end.
char nextSignificant(std::string_view json, std::size_t from) {
  for (std::size_t i = from; i < json.size(); ++i) {
    if (!isJsonWhitespace(json[i])) return json[i];
  }
  return '\0';
}

}  // namespace

std::string indentJson(std::string_view json, std::size_t indent_width) {
  std::string out;
  out.reserve(json.size() * 2);
  std::size_t depth = 0;
  const auto newLine = [&] {
    out += '\n';
    out.append(depth * indent_width, ' ');
  };
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '"') {
      // Copy the whole string literal; an escaped quote does not end it.
      const std::size_t start = i++;
      while (i < json.size() && json[i] != '"') {
        if (json[i] == '\\') ++i;
        ++i;
      }
      out.append(json.substr(start, i - start + 1));
    } else if (c == '{' || c == '[') {
      out += c;
      const char closing = c == '{' ? '}' : ']';
      if (nextSignificant(json, i + 1) == closing) {
        out += closing;
        while (json[++i] != closing) {
        }
      } else {
        ++depth;
        newLine();
      }
    } else if (c == '}' || c == ']') {
      if (depth > 0) --depth;  // never below the top, whatever the text
      newLine();
      out += c;
    } else if (c == ',') {
      out += c;
      newLine();
    } else if (c == ':') {
      out += ": ";
    } else if (!isJsonWhitespace(c)) {
      out += c;
    }
  }
  return out;
}

}  // namespace orchestra::text
