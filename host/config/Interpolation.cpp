#include "host/config/Interpolation.hpp"

#include <cctype>

#include "host/text/JsonEscape.hpp"

namespace orchestra::config {

namespace {

bool isVariableName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())) != 0) return false;
  for (const char character : name) {
    if (std::isalnum(static_cast<unsigned char>(character)) == 0 && character != '_') return false;
  }
  return true;
}

// The value of one reference, `body` being what stands between "${" and "}".
std::string resolve(std::string_view body, const Environment& environment,
                    const ValueOrigin& origin) {
  const auto default_marker = body.find(":-");
  const std::string_view name = body.substr(0, default_marker);
  if (!isVariableName(name)) {
    origin.fail(orchestra::text::jsonQuote("${" + std::string(name) + "}") +
                R"msg( does not name an environment variable (write "$${" for a literal "${"))msg");
  }
  const auto value = environment.get(name);
  if (default_marker != std::string_view::npos) {
    if (value && !value->empty()) return *value;
    return std::string(body.substr(default_marker + 2));
  }
  if (!value) {
    origin.fail("environment variable " + std::string(name) + " is not set (use ${" +
                std::string(name) + ":-default} to give a default)");
  }
  return *value;
}

}  // namespace

std::string interpolate(std::string_view text, const Environment& environment,
                        const ValueOrigin& origin) {
  std::string result;
  std::size_t position = 0;
  while (position < text.size()) {
    const auto dollar = text.find('$', position);
    if (dollar == std::string_view::npos) break;
    result.append(text.substr(position, dollar - position));
    if (text.substr(dollar, 3) == "$${") {
      result += "${";
      position = dollar + 3;
    } else if (text.substr(dollar, 2) == "${") {
      const auto close = text.find('}', dollar + 2);
      if (close == std::string_view::npos) {
        origin.fail(R"msg("${" has no closing "}" (write "$${" for a literal "${"))msg");
      }
      result += resolve(text.substr(dollar + 2, close - dollar - 2), environment, origin);
      position = close + 1;
    } else {
      result += '$';
      position = dollar + 1;
    }
  }
  if (position < text.size()) result.append(text.substr(position));
  return result;
}

}  // namespace orchestra::config
