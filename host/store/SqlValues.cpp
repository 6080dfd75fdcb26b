#include "host/store/SqlValues.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/UUIDGenerator.h>

#include <cctype>

#include "host/store/Timestamp.hpp"
#include "host/text/JsonWriter.hpp"

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

std::string jsonStringArray(const std::vector<std::string>& values) {
  text::JsonWriter json;
  json.beginArray();
  for (const auto& value : values)
    json.value(value);
  json.endArray();
  return std::move(json).finish();
}

std::string arrayParameterValue(const Dialect& dialect, const std::vector<std::string>& values) {
  if (dialect.kind() != DialectKind::Postgres) return jsonStringArray(values);
  std::string literal = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  return literal + "}";
}

std::vector<std::string> stringsFromJsonArray(const std::string& json) {
  std::vector<std::string> values;
  if (json.empty()) return values;
  Poco::JSON::Parser parser;
  const auto array = parser.parse(json).extract<Poco::JSON::Array::Ptr>();
  for (std::size_t i = 0; !array.isNull() && i < array->size(); ++i)
    values.push_back(array->get(static_cast<unsigned>(i)).convert<std::string>());
  return values;
}

}  // namespace orchestra::store
