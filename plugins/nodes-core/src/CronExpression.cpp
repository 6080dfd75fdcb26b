#include "CronExpression.hpp"

#include <array>
#include <cctype>
#include <optional>
#include <vector>

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::core {

using sdk::Error;

namespace {

struct FieldSpec {
  const char* name;
  int min;
  int max;
  const char* const* names;  // names[i] stands for min + i; nullptr when the field has none
};

constexpr const char* kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* kWeekdayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

constexpr std::array<FieldSpec, 5> kFields{{
    {"minute", 0, 59, nullptr},
    {"hour", 0, 23, nullptr},
    {"day of month", 1, 31, nullptr},
    {"month", 1, 12, kMonthNames},
    {"day of week", 0, 7, kWeekdayNames},
}};

[[noreturn]] void fail(const FieldSpec& field, std::string_view part, const std::string& why) {
  throw Error::validation("cron " + std::string(field.name) + " field '" + std::string(part) +
                          "': " + why);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

int parseNumber(const FieldSpec& field, std::string_view part, std::string_view text) {
  if (text.empty()) fail(field, part, "a value is missing");
  if (field.names != nullptr && std::isalpha(static_cast<unsigned char>(text.front()))) {
    std::string upper;
    for (char c : text)
      upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    int count = field.max - field.min + 1 - (field.names == kWeekdayNames ? 1 : 0);
    for (int i = 0; i < count; ++i) {
      if (upper == field.names[i]) return field.min + i;
    }
    fail(field, part, "'" + std::string(text) + "' is not a known name");
  }
  if (text.size() > 3) fail(field, part, "'" + std::string(text) + "' is out of range");
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') fail(field, part, "'" + std::string(text) + "' is not a number");
    value = value * 10 + (c - '0');
  }
  if (value < field.min || value > field.max) {
    fail(field, part,
         std::to_string(value) + " is outside " + std::to_string(field.min) + "-" +
             std::to_string(field.max));
  }
  return value;
}

// Marks the values one comma-separated item selects in `selected` (indexed by value).
void parseItem(const FieldSpec& field, std::string_view item, std::vector<bool>& selected) {
  std::string_view range = item;
  int step = 1;
  if (size_t slash = item.find('/'); slash != std::string_view::npos) {
    range = item.substr(0, slash);
    std::string_view step_text = item.substr(slash + 1);
    if (step_text.empty() || step_text.size() > 2) fail(field, item, "bad step");
    step = 0;
    for (char c : step_text) {
      if (c < '0' || c > '9') fail(field, item, "the step is not a number");
      step = step * 10 + (c - '0');
    }
    if (step < 1 || step > field.max) {
      fail(field, item, "the step must be between 1 and " + std::to_string(field.max));
    }
  }
  int low = field.min;
  int high = field.max;
  if (range != "*") {
    if (size_t dash = range.find('-'); dash != std::string_view::npos) {
      low = parseNumber(field, item, range.substr(0, dash));
      high = parseNumber(field, item, range.substr(dash + 1));
      if (low > high) fail(field, item, "the range runs backwards");
    } else {
      low = parseNumber(field, item, range);
      // "5/15" means "from 5 to the end every 15", as in Vixie cron.
      high = item.find('/') == std::string_view::npos ? low : field.max;
    }
  }
  for (int value = low; value <= high; value += step)
    selected[static_cast<size_t>(value)] = true;
}

std::vector<bool> parseField(const FieldSpec& field, std::string_view text) {
  std::vector<bool> selected(static_cast<size_t>(field.max) + 1, false);
  for (std::string_view item : split(text, ',')) {
    if (item.empty()) fail(field, text, "empty list item");
    parseItem(field, item, selected);
  }
  return selected;
}

template <size_t N>
void copyBits(const std::vector<bool>& selected, std::bitset<N>& bits) {
  for (size_t value = 0; value < selected.size() && value < N; ++value)
    bits[value] = selected[value];
}

std::string_view expandMacro(std::string_view text) {
  if (text == "@yearly" || text == "@annually") return "0 0 1 1 *";
  if (text == "@monthly") return "0 0 1 * *";
  if (text == "@weekly") return "0 0 * * 0";
  if (text == "@daily" || text == "@midnight") return "0 0 * * *";
  if (text == "@hourly") return "0 * * * *";
  return {};
}

}  // namespace

CronExpression CronExpression::parse(std::string_view text) {
  CronExpression expression;
  expression.text_ = std::string(text);
  std::string_view body = text;
  if (!body.empty() && body.front() == '@') {
    body = expandMacro(text);
    if (body.empty()) throw Error::validation("cron: unknown macro '" + std::string(text) + "'");
  }
  std::vector<std::string_view> fields;
  size_t position = 0;
  while (position < body.size()) {
    while (position < body.size() && (body[position] == ' ' || body[position] == '\t'))
      ++position;
    size_t start = position;
    while (position < body.size() && body[position] != ' ' && body[position] != '\t')
      ++position;
    if (position > start) fields.push_back(body.substr(start, position - start));
  }
  if (fields.size() != kFields.size()) {
    throw Error::validation(
        "cron: expected 5 fields (minute hour day-of-month month "
        "day-of-week), got " +
        std::to_string(fields.size()));
  }
  copyBits(parseField(kFields[0], fields[0]), expression.minutes_);
  copyBits(parseField(kFields[1], fields[1]), expression.hours_);
  copyBits(parseField(kFields[2], fields[2]), expression.days_of_month_);
  copyBits(parseField(kFields[3], fields[3]), expression.months_);
  std::vector<bool> weekdays = parseField(kFields[4], fields[4]);
  if (weekdays[7]) weekdays[0] = true;  // 7 is Sunday too
  copyBits(weekdays, expression.days_of_week_);
  return expression;
}

bool isPlausibleTimeZoneName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (std::string_view segment : split(name, '/')) {
    if (segment.empty() || !std::isalpha(static_cast<unsigned char>(segment.front()))) return false;
    for (char c : segment) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '+') {
        return false;
      }
    }
  }
  return true;
}

}  // namespace orchestra::plugins::core
