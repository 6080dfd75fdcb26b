// A parsed cron expression, header-only so that a trigger plugin validating a schedule at save
// time and the host's scheduler evaluating it later read exactly the same grammar.
#pragma once

#include <array>
#include <bitset>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "orchestra/sdk/Error.hpp"

namespace orchestra::sdk {

// Five fields (minute hour day-of-month month day-of-week), or six with a leading seconds field
// (second minute hour ...); five fields fire at second 0. Fields accept "*", values, ranges
// "a-b", lists "a,b", steps "*/n" and "a-b/n", month names JAN-DEC and weekday names SUN-SAT (any
// case); day-of-week 7 is Sunday like 0. The macros @yearly @annually @monthly @weekly @daily
// @midnight @hourly stand for their expansions. As in Vixie cron, when both day fields are
// restricted (neither starts with "*") a day matches when either does.
class CronExpression {
 public:
  // Throws sdk::Error::validation naming the field and the problem.
  static CronExpression parse(std::string_view text);

  const std::bitset<60>& seconds() const { return seconds_; }
  const std::bitset<60>& minutes() const { return minutes_; }
  const std::bitset<24>& hours() const { return hours_; }
  const std::bitset<32>& daysOfMonth() const { return days_of_month_; }  // bit 0 unused
  const std::bitset<13>& months() const { return months_; }              // bit 0 unused
  const std::bitset<7>& daysOfWeek() const { return days_of_week_; }     // 0 = Sunday
  bool dayOfMonthRestricted() const { return day_of_month_restricted_; }
  bool dayOfWeekRestricted() const { return day_of_week_restricted_; }
  const std::string& text() const { return text_; }

  // Whether a calendar day matches (month 1-12, day 1-31, weekday 0 = Sunday).
  bool matchesDay(unsigned month, unsigned day, unsigned weekday) const {
    if (!months_[month]) return false;
    const bool by_month_day = days_of_month_[day];
    const bool by_weekday = days_of_week_[weekday];
    if (day_of_month_restricted_ && day_of_week_restricted_) return by_month_day || by_weekday;
    return by_month_day && by_weekday;
  }

 private:
  std::bitset<60> seconds_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_of_month_;
  std::bitset<13> months_;
  std::bitset<7> days_of_week_;
  bool day_of_month_restricted_ = false;
  bool day_of_week_restricted_ = false;
  std::string text_;
};

// IANA zone names ("UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+3").
// Checked by shape only: the scheduler, which owns the time zone database, resolves the name.
inline bool isPlausibleTimeZoneName(std::string_view name);

namespace detail::cron {

struct FieldSpec {
  const char* name;
  int min;
  int max;
  const char* const* names;  // names[i] stands for min + i; nullptr when the field has none
  int name_count;
};

inline constexpr std::array<const char*, 12> kMonthNames = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
inline constexpr std::array<const char*, 7> kWeekdayNames = {"SUN", "MON", "TUE", "WED",
                                                             "THU", "FRI", "SAT"};

inline constexpr FieldSpec kSecond{"second", 0, 59, nullptr, 0};
inline constexpr std::array<FieldSpec, 5> kFields{{
    {"minute", 0, 59, nullptr, 0},
    {"hour", 0, 23, nullptr, 0},
    {"day of month", 1, 31, nullptr, 0},
    {"month", 1, 12, kMonthNames.data(), 12},
    {"day of week", 0, 7, kWeekdayNames.data(), 7},
}};

[[noreturn]] inline void fail(const FieldSpec& field, std::string_view part,
                              const std::string& why) {
  throw Error::validation("cron " + std::string(field.name) + " field '" + std::string(part) +
                          "': " + why);
}

inline std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

inline int parseNumber(const FieldSpec& field, std::string_view part, std::string_view text) {
  if (text.empty()) fail(field, part, "a value is missing");
  if (field.names != nullptr && std::isalpha(static_cast<unsigned char>(text.front()))) {
    std::string upper;
    for (char c : text)
      upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (int i = 0; i < field.name_count; ++i) {
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
inline void parseItem(const FieldSpec& field, std::string_view item, std::vector<bool>& selected) {
  std::string_view range = item;
  int step = 1;
  if (const std::size_t slash = item.find('/'); slash != std::string_view::npos) {
    range = item.substr(0, slash);
    const std::string_view step_text = item.substr(slash + 1);
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
    if (const std::size_t dash = range.find('-'); dash != std::string_view::npos) {
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
    selected[static_cast<std::size_t>(value)] = true;
}

inline std::vector<bool> parseField(const FieldSpec& field, std::string_view text) {
  std::vector<bool> selected(static_cast<std::size_t>(field.max) + 1, false);
  for (std::string_view item : split(text, ',')) {
    if (item.empty()) fail(field, text, "empty list item");
    parseItem(field, item, selected);
  }
  return selected;
}

template <std::size_t N>
void copyBits(const std::vector<bool>& selected, std::bitset<N>& bits) {
  for (std::size_t value = 0; value < selected.size() && value < N; ++value)
    bits[value] = selected[value];
}

inline std::string_view expandMacro(std::string_view text) {
  if (text == "@yearly" || text == "@annually") return "0 0 1 1 *";
  if (text == "@monthly") return "0 0 1 * *";
  if (text == "@weekly") return "0 0 * * 0";
  if (text == "@daily" || text == "@midnight") return "0 0 * * *";
  if (text == "@hourly") return "0 * * * *";
  return {};
}

inline std::vector<std::string_view> splitFields(std::string_view body) {
  std::vector<std::string_view> fields;
  std::size_t position = 0;
  while (position < body.size()) {
    while (position < body.size() && (body[position] == ' ' || body[position] == '\t'))
      ++position;
    const std::size_t start = position;
    while (position < body.size() && body[position] != ' ' && body[position] != '\t')
      ++position;
    if (position > start) fields.push_back(body.substr(start, position - start));
  }
  return fields;
}

}  // namespace detail::cron

inline CronExpression CronExpression::parse(std::string_view text) {
  using namespace detail::cron;
  CronExpression expression;
  expression.text_ = std::string(text);
  std::string_view body = text;
  if (!body.empty() && body.front() == '@') {
    body = expandMacro(text);
    if (body.empty()) throw Error::validation("cron: unknown macro '" + std::string(text) + "'");
  }
  std::vector<std::string_view> fields = splitFields(body);
  if (fields.size() == kFields.size() + 1) {
    copyBits(parseField(kSecond, fields.front()), expression.seconds_);
    fields.erase(fields.begin());
  } else if (fields.size() == kFields.size()) {
    expression.seconds_[0] = true;
  } else {
    throw Error::validation(
        "cron: expected 5 fields (minute hour day-of-month month day-of-week) or 6 with a "
        "leading second, got " +
        std::to_string(fields.size()));
  }
  copyBits(parseField(kFields[0], fields[0]), expression.minutes_);
  copyBits(parseField(kFields[1], fields[1]), expression.hours_);
  copyBits(parseField(kFields[2], fields[2]), expression.days_of_month_);
  copyBits(parseField(kFields[3], fields[3]), expression.months_);
  std::vector<bool> weekdays = parseField(kFields[4], fields[4]);
  if (weekdays[7]) weekdays[0] = true;  // 7 is Sunday too
  copyBits(weekdays, expression.days_of_week_);
  expression.day_of_month_restricted_ = fields[2].front() != '*';
  expression.day_of_week_restricted_ = fields[4].front() != '*';
  return expression;
}

inline bool isPlausibleTimeZoneName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (std::string_view segment : detail::cron::split(name, '/')) {
    if (segment.empty() || !std::isalpha(static_cast<unsigned char>(segment.front()))) return false;
    for (char c : segment) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '+') {
        return false;
      }
    }
  }
  return true;
}

}  // namespace orchestra::sdk
