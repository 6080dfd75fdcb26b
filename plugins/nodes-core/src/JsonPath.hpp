// Dotted paths into JSON ("user.address.city", "items.0.id"), used by set, merge and foreach.
// A backslash escapes the next character, so "a\.b" names the single key "a.b".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "orchestra/sdk/Json.hpp"

namespace orchestra::plugins::core {

class JsonPath {
 public:
  static constexpr size_t kMaxSegments = 32;

  // Throws sdk::Error::validation for an empty path, an empty segment or too many segments.
  static JsonPath parse(std::string_view text);

  // The value at the path, or nullptr. A segment of digits indexes an array.
  const sdk::Json* find(const sdk::Json& root) const;

  // Sets the value at the path, creating objects for missing segments. Throws
  // sdk::Error::validation when a segment runs into a scalar or past an array's end
  // (index == size appends).
  void assign(sdk::Json& root, sdk::Json value) const;

  const std::vector<std::string>& segments() const { return segments_; }
  const std::string& text() const { return text_; }

 private:
  std::vector<std::string> segments_;
  std::string text_;
};

}  // namespace orchestra::plugins::core
