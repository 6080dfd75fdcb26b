// The one way the host writes JSON documents: API responses, error bodies, stored graphs. A
// streaming writer into one string (no DOM for what we build ourselves), with every string
// quoted by text::appendJsonString and Poco::JSON values serialised the same way.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "host/text/JsonDocument.hpp"

namespace orchestra::text {

// Usage: JsonWriter json; json.beginObject().field("id", id).key("tags").beginArray()...
// Separators are written for you; nesting is the caller's to balance (tests catch mistakes,
// and finish() checks the count in debug builds).
class JsonWriter {
 public:
  JsonWriter() = default;
  explicit JsonWriter(std::size_t reserve_bytes) { out_.reserve(reserve_bytes); }

  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag);
  JsonWriter& value(double number);  // NaN and infinities, which JSON lacks, are written as null
  template <std::integral Integer>
  requires(!std::same_as<Integer, bool> &&
           !std::same_as<Integer, char>) JsonWriter& value(Integer number) {
    if constexpr (std::is_signed_v<Integer>) {
      return integer(static_cast<std::int64_t>(number));
    } else {
      return unsignedInteger(static_cast<std::uint64_t>(number));
    }
  }
  // A value parsed by Poco::JSON (objects and arrays by Ptr or by value, strings, numbers,
  // booleans; empty is null). Object members come out in key order.
  JsonWriter& value(const Poco::Dynamic::Var& json);
  // A value of a JsonDocument; object members come out in document order. An absent view is
  // null.
  JsonWriter& value(JsonView json);
  template <typename T>
  JsonWriter& value(const std::optional<T>& maybe) {
    return maybe ? value(*maybe) : null();
  }
  JsonWriter& null();
  // Text that is already one valid JSON value (a stored document); written as is.
  JsonWriter& rawValue(std::string_view json);

  template <typename T>
  JsonWriter& field(std::string_view name, const T& member) {
    key(name);
    return value(member);
  }

  const std::string& text() const { return out_; }
  std::string finish() && { return std::move(out_); }

 private:
  JsonWriter& integer(std::int64_t number);
  JsonWriter& unsignedInteger(std::uint64_t number);
  void separate();

  std::string out_;
  bool need_comma_ = false;
};

// A Poco::JSON value as compact JSON text (the same serialisation JsonWriter::value uses).
std::string toJson(const Poco::Dynamic::Var& json);

}  // namespace orchestra::text
