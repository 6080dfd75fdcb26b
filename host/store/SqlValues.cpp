#include "host/store/SqlValues.hpp"

#include <Poco/UUIDGenerator.h>

#include <cctype>

#include "host/store/Timestamp.hpp"

namespace orchestra::store {

std::string newUuid() {
  // createRandom() draws from Poco's RandomInputStream (the OS's random source); the default
  // generator is thread-safe.
  return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

std::optional<std::string> canonicalUuid(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  std::string out(text);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position) {
      if (text[i] != '-') return std::nullopt;
    } else if (std::isxdigit(static_cast<unsigned char>(text[i])) == 0) {
      return std::nullopt;
    } else {
      out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    }
  }
  return out;
}

std::optional<std::string> toOptionalTimestamp(const Poco::Nullable<std::string>& value) {
  if (value.isNull()) return std::nullopt;
  return normalizeTimestamp(value.value());
}

}  // namespace orchestra::store
