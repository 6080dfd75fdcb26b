// Small conversions every repository needs between C++ row structs and Poco::Data bindings:
// optional <-> Nullable, application-generated UUIDs, and connector errors -> StoreError.
#pragma once

#include <Poco/Exception.h>
#include <Poco/Nullable.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/store/Dialect.hpp"

namespace orchestra::store {

// A random (version 4) UUID in canonical lower-case text: ids are made by the application so
// SQLite (no UUID type) and PostgreSQL rows look the same.
std::string newUuid();
// A version 7 UUID: its first 48 bits are the Unix time in milliseconds, the rest random. For
// rows written in bulk (the runtime's node rows): a primary-key index then grows at its end
// instead of touching a random page per insert. Not for anything a guess must not find.
std::string newTimeOrderedUuid();
// The canonical lower-case form of an 8-4-4-4-12 hex UUID, or nullopt. Ids from outside are
// passed through this before a lookup: PostgreSQL rejects a malformed uuid parameter with an
// error where "not found" is the right answer, and SQLite compares the text exactly.
std::optional<std::string> canonicalUuid(std::string_view text);

// A list parameter for Dialect::arrayParameter: a PostgreSQL array literal ({"a","b \"c\""})
// or, on SQLite, a JSON array of strings.
std::string arrayParameterValue(const Dialect& dialect, const std::vector<std::string>& values);
// A JSON array of strings as read back (Dialect::arrayAsJson); empty text is the empty list.
std::vector<std::string> stringsFromJsonArray(const std::string& json);
// A JSON array of strings.
std::string jsonStringArray(const std::vector<std::string>& values);

// Poco 1.11 binds Nullable (NULL when empty) but knows nothing of std::optional.
inline Poco::Nullable<std::string> toNullable(const std::optional<std::string>& value) {
  return value ? Poco::Nullable<std::string>(*value) : Poco::Nullable<std::string>();
}
inline std::optional<std::string> toOptional(const Poco::Nullable<std::string>& value) {
  if (value.isNull()) return std::nullopt;
  return value.value();
}
// As toOptional, for TIMESTAMP columns: normalised to 'YYYY-MM-DDTHH:MM:SS.sssZ'.
std::optional<std::string> toOptionalTimestamp(const Poco::Nullable<std::string>& value);

// Runs fn() and turns connector (Poco) exceptions into StoreError("<context>: <message>").
template <typename Fn>
decltype(auto) translatingErrors(const Dialect& dialect, std::string_view context, Fn&& fn) {
  try {
    return std::forward<Fn>(fn)();
  } catch (const Poco::Exception& error) {
    throw dialect.translate(error, context);
  }
}

}  // namespace orchestra::store
