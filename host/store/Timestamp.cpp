#include "host/store/Timestamp.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <ctime>

namespace orchestra::store {
namespace {

bool digitsAt(std::string_view text, std::size_t position, std::size_t count) {
  if (position + count > text.size()) return false;
  for (std::size_t i = position; i < position + count; ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) return false;
  }
  return true;
}

// Reads exactly `count` digits at `position` into `value` and moves past them.
bool readNumber(std::string_view text, std::size_t& position, std::size_t count, int& value) {
  if (!digitsAt(text, position, count)) return false;
  value = 0;
  for (std::size_t i = 0; i < count; ++i)
    value = value * 10 + (text[position + i] - '0');
  position += count;
  return true;
}

bool skip(std::string_view text, std::size_t& position, char expected) {
  if (position >= text.size() || text[position] != expected) return false;
  ++position;
  return true;
}

// The zone designator that ends an ISO-8601 time, as seconds east of UTC; nullopt when
// `zone` is not one.
std::optional<int> zoneOffsetSeconds(std::string_view zone) {
  if (zone.empty() || zone == "Z" || zone == "z") return 0;
  if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
  const int sign = zone[0] == '-' ? -1 : 1;
  std::size_t position = 1;
  int hours = 0;
  int minutes = 0;
  if (!readNumber(zone, position, 2, hours)) return std::nullopt;
  if (position < zone.size()) {
    skip(zone, position, ':');
    if (!readNumber(zone, position, 2, minutes)) return std::nullopt;
  }
  if (position != zone.size() || hours > 23 || minutes > 59) return std::nullopt;
  return sign * (hours * 3600 + minutes * 60);
}

constexpr int kFirstYear = 1;
constexpr int kLastYear = 9999;

}  // namespace

std::optional<std::string> utcTimestampFromIso8601(std::string_view text) {
  std::size_t position = 0;
  int year = 0;
  int month = 0;
  int day = 0;
  if (!readNumber(text, position, 4, year) || !skip(text, position, '-') ||
      !readNumber(text, position, 2, month) || !skip(text, position, '-') ||
      !readNumber(text, position, 2, day)) {
    return std::nullopt;
  }
  int hour = 0;
  int minute = 0;
  int second = 0;
  int millisecond = 0;
  const bool has_time = position < text.size() &&
                        (text[position] == 'T' || text[position] == 't' || text[position] == ' ');
  if (has_time) {
    ++position;
    if (!readNumber(text, position, 2, hour) || !skip(text, position, ':') ||
        !readNumber(text, position, 2, minute)) {
      return std::nullopt;
    }
    if (skip(text, position, ':')) {
      if (!readNumber(text, position, 2, second)) return std::nullopt;
      if (skip(text, position, '.')) {
        const std::size_t first_digit = position;
        int scale = 100;
        while (digitsAt(text, position, 1)) {
          millisecond += (text[position] - '0') * scale;
          scale /= 10;
          ++position;
        }
        if (position == first_digit) return std::nullopt;
      }
    }
  }
  // A zone only makes sense after a time of day.
  if (!has_time && position != text.size()) return std::nullopt;
  const auto offset = zoneOffsetSeconds(text.substr(position));
  // Poco accepts second 60 (a leap second), which no database column can hold.
  if (!offset || year < kFirstYear || second > 59 ||
      !Poco::DateTime::isValid(year, month, day, hour, minute, second, millisecond)) {
    return std::nullopt;
  }
  Poco::DateTime when(year, month, day, hour, minute, second, millisecond);
  when -= Poco::Timespan(*offset, 0);
  if (when.year() < kFirstYear || when.year() > kLastYear) return std::nullopt;
  return Poco::DateTimeFormatter::format(when, "%Y-%m-%dT%H:%M:%S.%iZ");
}

std::string normalizeTimestamp(std::string_view text) {
  // 'YYYY-MM-DD?HH:MM:SS' is 19 characters; everything after it is an optional fraction and an
  // optional UTC designator.
  const bool shape_ok = text.size() >= 19 && digitsAt(text, 0, 4) && text[4] == '-' &&
                        digitsAt(text, 5, 2) && text[7] == '-' && digitsAt(text, 8, 2) &&
                        (text[10] == 'T' || text[10] == ' ') && digitsAt(text, 11, 2) &&
                        text[13] == ':' && digitsAt(text, 14, 2) && text[16] == ':' &&
                        digitsAt(text, 17, 2);
  if (!shape_ok) return std::string(text);
  std::size_t position = 19;
  std::string milliseconds = "000";
  if (position < text.size() && text[position] == '.') {
    ++position;
    std::size_t taken = 0;
    while (position < text.size() &&
           std::isdigit(static_cast<unsigned char>(text[position])) != 0) {
      if (taken < 3) milliseconds[taken] = text[position];
      ++taken;
      ++position;
    }
  }
  const std::string_view zone = text.substr(position);
  if (!(zone.empty() || zone == "Z" || zone == "+00" || zone == "+00:00")) {
    return std::string(text);
  }
  std::string out(text.substr(0, 19));
  out[10] = 'T';
  out += '.';
  out += milliseconds;
  out += 'Z';
  return out;
}

std::string utcNowTimestamp() {
  // The runtime stamps every node twice and every event it publishes: the date and time of
  // day are formatted once per second per thread, the milliseconds appended (Poco's
  // formatter, the same text, cost more than the rest of a core.set node's bookkeeping).
  const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  const std::int64_t seconds = now_ms / 1000;
  const auto milliseconds = static_cast<int>(now_ms % 1000);
  thread_local std::int64_t formatted_second = -1;
  thread_local std::string formatted;  // "YYYY-MM-DDTHH:MM:SS"
  if (seconds != formatted_second) {
    formatted = Poco::DateTimeFormatter::format(
        Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(seconds)), "%Y-%m-%dT%H:%M:%S");
    formatted_second = seconds;
  }
  std::string text;
  text.reserve(formatted.size() + 5);
  text += formatted;
  text += '.';
  text += static_cast<char>('0' + milliseconds / 100);
  text += static_cast<char>('0' + milliseconds / 10 % 10);
  text += static_cast<char>('0' + milliseconds % 10);
  text += 'Z';
  return text;
}

std::string utcTimestampFromNowMs(std::int64_t milliseconds) {
  Poco::Timestamp when;
  when += milliseconds * (Poco::Timestamp::resolution() / 1000);
  return Poco::DateTimeFormatter::format(when, "%Y-%m-%dT%H:%M:%S.%iZ");
}

std::optional<std::int64_t> millisecondsUntil(std::string_view utc_timestamp) {
  // The strict reader first: Poco's parser accepts almost any text.
  const auto strict = utcTimestampFromIso8601(normalizeTimestamp(utc_timestamp));
  Poco::DateTime parsed;
  int zone = 0;
  if (!strict || !Poco::DateTimeParser::tryParse("%Y-%m-%dT%H:%M:%S.%iZ", *strict, parsed, zone)) {
    return std::nullopt;
  }
  const Poco::Timestamp::TimeDiff micros = parsed.timestamp() - Poco::Timestamp();
  // Rounded up while ahead: a wait of this many milliseconds never ends before the time.
  return micros > 0 ? (micros + 999) / 1000 : micros / 1000;
}

std::string utcTimestampFromNow(std::int64_t seconds) {
  Poco::Timestamp when;
  when += seconds * Poco::Timestamp::resolution();
  return Poco::DateTimeFormatter::format(when, "%Y-%m-%dT%H:%M:%S.%iZ");
}

}  // namespace orchestra::store
