#include "host/config/JsonText.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>

#include "host/text/JsonEscape.hpp"

namespace orchestra::config {

namespace {

std::optional<std::string> jsonNumber(std::string_view text) {
  // JSON has no leading '+'; YAML allows one.
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  // from_chars also reads "inf" and "nan", which JSON cannot carry: keep those as strings.
  if (text.empty() || text.find_first_not_of("0123456789.eE-+") != std::string_view::npos) {
    return std::nullopt;
  }
  const char* const end = text.data() + text.size();
  std::int64_t integer = 0;
  if (const auto parsed = std::from_chars(text.data(), end, integer);
      parsed.ec == std::errc{} && parsed.ptr == end) {
    return std::to_string(integer);
  }
  double real = 0;
  if (const auto parsed = std::from_chars(text.data(), end, real);
      parsed.ec == std::errc{} && parsed.ptr == end && std::isfinite(real)) {
    std::array<char, 32> buffer{};
    const auto printed = std::to_chars(buffer.data(), buffer.data() + buffer.size(), real);
    return std::string(buffer.data(), printed.ptr);
  }
  return std::nullopt;
}

}  // namespace

std::string plainScalarAsJson(std::string_view text) {
  if (text == "~" || text == "null" || text == "Null" || text == "NULL") return "null";
  if (text == "true" || text == "True" || text == "TRUE") return "true";
  if (text == "false" || text == "False" || text == "FALSE") return "false";
  if (auto number = jsonNumber(text)) return *number;
  return orchestra::text::jsonQuote(text);
}

}  // namespace orchestra::config
