#include "host/runtime/CronSchedule.hpp"

#include <date/tz.h>

#include <sstream>
#include <stdexcept>
#include <string>

namespace orchestra::runtime {

namespace {

using std::chrono::seconds;

// Long enough for a day-of-month that only leap years have, across a century year that is not
// one (2096 → 2104).
constexpr int kSearchDays = 366 * 8;
// Larger than any daylight-saving or zone shift in the tz database (2 h): a wall-clock time this
// far after `at` can still be an instant before it, during a fall-back.
constexpr seconds kLargestShift{3 * 3600};
// A bound on candidates mapping to the wrong side of a boundary (a fall-back hour of a
// per-second schedule is 3,600), so a pathological zone can never spin forever.
constexpr int kMaxCandidates = 4 * 3600;

const date::time_zone* locate(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    throw std::invalid_argument("unknown time zone '" + std::string(name) + "'");
  }
}

sdk::CronExpression parseExpression(std::string_view text) {
  try {
    return sdk::CronExpression::parse(text);
  } catch (const sdk::Error& error) {
    throw std::invalid_argument(error.what());
  }
}

bool matchesDay(const sdk::CronExpression& expression, date::local_days day) {
  const date::year_month_day date{day};
  return expression.matchesDay(static_cast<unsigned>(date.month()),
                               static_cast<unsigned>(date.day()), date::weekday{day}.c_encoding());
}

std::optional<int> firstSecondOfDayAtOrAfter(const sdk::CronExpression& expression,
                                             int second_of_day) {
  const int start_hour = second_of_day / 3600;
  const int start_minute = second_of_day / 60 % 60;
  for (int hour = start_hour; hour < 24; ++hour) {
    if (!expression.hours()[static_cast<std::size_t>(hour)]) continue;
    for (int minute = hour == start_hour ? start_minute : 0; minute < 60; ++minute) {
      if (!expression.minutes()[static_cast<std::size_t>(minute)]) continue;
      const bool first = hour == start_hour && minute == start_minute;
      for (int second = first ? second_of_day % 60 : 0; second < 60; ++second) {
        if (expression.seconds()[static_cast<std::size_t>(second)]) {
          return hour * 3600 + minute * 60 + second;
        }
      }
    }
  }
  return std::nullopt;
}

std::optional<int> lastSecondOfDayAtOrBefore(const sdk::CronExpression& expression,
                                             int second_of_day) {
  const int start_hour = second_of_day / 3600;
  const int start_minute = second_of_day / 60 % 60;
  for (int hour = start_hour; hour >= 0; --hour) {
    if (!expression.hours()[static_cast<std::size_t>(hour)]) continue;
    for (int minute = hour == start_hour ? start_minute : 59; minute >= 0; --minute) {
      if (!expression.minutes()[static_cast<std::size_t>(minute)]) continue;
      const bool first = hour == start_hour && minute == start_minute;
      for (int second = first ? second_of_day % 60 : 59; second >= 0; --second) {
        if (expression.seconds()[static_cast<std::size_t>(second)]) {
          return hour * 3600 + minute * 60 + second;
        }
      }
    }
  }
  return std::nullopt;
}

std::optional<date::local_seconds> firstLocalAtOrAfter(const sdk::CronExpression& expression,
                                                       date::local_seconds from) {
  date::local_days day = date::floor<date::days>(from);
  int second_of_day = static_cast<int>((from - day).count());
  for (int i = 0; i <= kSearchDays; ++i, day += date::days{1}, second_of_day = 0) {
    if (!matchesDay(expression, day)) continue;
    if (const auto second = firstSecondOfDayAtOrAfter(expression, second_of_day)) {
      return day + seconds{*second};
    }
  }
  return std::nullopt;
}

std::optional<date::local_seconds> lastLocalAtOrBefore(const sdk::CronExpression& expression,
                                                       date::local_seconds from) {
  date::local_days day = date::floor<date::days>(from);
  int second_of_day = static_cast<int>((from - day).count());
  for (int i = 0; i <= kSearchDays; ++i, day -= date::days{1}, second_of_day = 86399) {
    if (!matchesDay(expression, day)) continue;
    if (const auto second = lastSecondOfDayAtOrBefore(expression, second_of_day)) {
      return day + seconds{*second};
    }
  }
  return std::nullopt;
}

// earliest: a repeated wall-clock time is its first occurrence; a skipped one maps to the end
// of the gap (the library does that for either choice).
CronTime toSys(const date::time_zone& zone, date::local_seconds local) {
  return zone.to_sys(local, date::choose::earliest);
}

}  // namespace

std::string cronTimestamp(std::chrono::system_clock::time_point time) {
  return date::format("%FT%TZ", date::floor<std::chrono::milliseconds>(time));
}

std::optional<std::chrono::system_clock::time_point> parseCronTimestamp(std::string_view text) {
  std::istringstream in{std::string(text)};
  date::sys_time<std::chrono::milliseconds> time;
  in >> date::parse("%FT%T", time);
  if (in.fail()) return std::nullopt;
  return time;
}

CronSchedule::CronSchedule(std::string_view expression, std::string_view time_zone)
    : expression_(parseExpression(expression)), zone_(locate(time_zone)) {}

// Wall-clock time never runs backwards against instants under toSys: a candidate before
// to_local(after) is an instant at or before `after`, so the walk starts there and skips the
// candidates of a fall-back's repeated hour that still map at or before `after`.
std::optional<CronTime> CronSchedule::nextAfter(std::chrono::system_clock::time_point after) const {
  date::local_seconds from = date::floor<seconds>(zone_->to_local(after));
  for (int candidates = 0; candidates < kMaxCandidates; ++candidates) {
    const auto local = firstLocalAtOrAfter(expression_, from);
    if (!local) return std::nullopt;
    const CronTime tick = toSys(*zone_, *local);
    if (tick > after) return tick;
    from = *local + seconds{1};
  }
  return std::nullopt;
}

// Here the wall clock can be ahead: during a fall-back, times up to the shift after
// to_local(at) may be first occurrences before `at`; walking back from past them finds the
// latest, since instants only fall as wall-clock time does.
std::optional<CronTime> CronSchedule::latestAtOrBefore(
    std::chrono::system_clock::time_point at) const {
  date::local_seconds from = date::floor<seconds>(zone_->to_local(at)) + kLargestShift;
  const int max_candidates = kMaxCandidates + static_cast<int>(kLargestShift.count());
  for (int candidates = 0; candidates < max_candidates; ++candidates) {
    const auto local = lastLocalAtOrBefore(expression_, from);
    if (!local) return std::nullopt;
    const CronTime tick = toSys(*zone_, *local);
    if (tick <= at) return tick;
    from = *local - seconds{1};
  }
  return std::nullopt;
}

}  // namespace orchestra::runtime
