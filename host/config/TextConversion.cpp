#include "host/config/TextConversion.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

namespace orchestra::config {

namespace {

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

std::string lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char character) {
    return static_cast<char>(std::tolower(character));
  });
  return lower;
}

std::string rangeProblem(const KeyDescription& key) {
  const std::int64_t type_maximum = key.type == KeyType::kInteger
                                        ? std::numeric_limits<int>::max()
                                        : std::numeric_limits<std::int64_t>::max();
  if (key.maximum >= type_maximum) return "must be at least " + std::to_string(key.minimum);
  return "must be between " + std::to_string(key.minimum) + " and " + std::to_string(key.maximum);
}

std::int64_t parseInteger(const KeyDescription& key, std::string_view text,
                          const ValueOrigin& origin) {
  std::string_view digits = trimmed(text);
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  std::int64_t value = 0;
  const char* const end = digits.data() + digits.size();
  const auto parsed = std::from_chars(digits.data(), end, value);
  if (parsed.ec == std::errc::result_out_of_range && parsed.ptr == end) {
    origin.fail(rangeProblem(key) + ", got " + origin.show(text));
  }
  if (digits.empty() || parsed.ec != std::errc{} || parsed.ptr != end) {
    origin.fail("must be " + expectation(key) + ", got " + origin.show(text));
  }
  if (value < key.minimum || value > key.maximum) {
    origin.fail(rangeProblem(key) + ", got " +
                (origin.secret ? origin.show(text) : std::to_string(value)));
  }
  return value;
}

}  // namespace

std::string expectation(const KeyDescription& key) {
  switch (key.type) {
    case KeyType::kString:
      return "a string";
    case KeyType::kInteger:
    case KeyType::kInteger64:
      return "an integer";
    case KeyType::kBoolean:
      return "true or false";
    case KeyType::kEnumeration: {
      std::string choices;
      for (const auto& choice : key.choices)
        choices += (choices.empty() ? "" : ", ") + choice;
      return "one of " + choices;
    }
    case KeyType::kStringList:
      return "a list of strings";
    case KeyType::kObjectList:
      return "a list of maps";
    case KeyType::kJsonObject:
      return "a map";
  }
  return "valid";
}

void assignText(const KeyDescription& key, std::string& target, std::string_view text,
                const ValueOrigin& origin) {
  if (key.type == KeyType::kEnumeration &&
      std::find(key.choices.begin(), key.choices.end(), text) == key.choices.end()) {
    origin.fail("must be " + expectation(key) + ", got " + origin.show(text));
  }
  target = std::string(text);
}

void assignText(const KeyDescription& key, int& target, std::string_view text,
                const ValueOrigin& origin) {
  // The key's limits lie inside int's range (the schema builder clamps them).
  target = static_cast<int>(parseInteger(key, text, origin));
}

void assignText(const KeyDescription& key, std::int64_t& target, std::string_view text,
                const ValueOrigin& origin) {
  target = parseInteger(key, text, origin);
}

void assignText(const KeyDescription& key, bool& target, std::string_view text,
                const ValueOrigin& origin) {
  // Environment variables in containers are often 1/0 or yes/no; accept what people write.
  const std::string word = lowercase(trimmed(text));
  if (word == "true" || word == "yes" || word == "on" || word == "1") {
    target = true;
  } else if (word == "false" || word == "no" || word == "off" || word == "0") {
    target = false;
  } else {
    origin.fail("must be " + expectation(key) + ", got " + origin.show(text));
  }
}

void assignText(const KeyDescription& /*key*/, std::vector<std::string>& target,
                std::string_view text, const ValueOrigin& /*origin*/) {
  target.clear();
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = trimmed(text.substr(0, comma));
    if (!item.empty()) target.emplace_back(item);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
}

}  // namespace orchestra::config
