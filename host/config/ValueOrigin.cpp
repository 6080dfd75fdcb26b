#include "host/config/ValueOrigin.hpp"

#include "host/config/ConfigError.hpp"
#include "host/text/JsonEscape.hpp"

namespace orchestra::config {

void ValueOrigin::fail(std::string_view problem) const {
  throw ConfigError(location + ": " + path + ": " + std::string(problem));
}

std::string ValueOrigin::show(std::string_view value) const {
  if (secret) return "a value that is not shown (secret)";
  return orchestra::text::jsonQuote(value);
}

}  // namespace orchestra::config
