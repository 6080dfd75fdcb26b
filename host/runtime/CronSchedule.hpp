// When a cron trigger's ticks fall: its expression (parsed by the SDK, the grammar the node
// type checked when the workflow was saved) read as wall-clock time in its IANA time zone.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "orchestra/sdk/CronExpression.hpp"

// The time zone database (Howard Hinnant's date, the reference implementation of C++20's
// std::chrono::time_zone, which GCC 12 lacks) stays inside CronSchedule.cpp: its configuration
// macros change its types, so no other file may see them differ.
namespace date {
class time_zone;
}

namespace orchestra::runtime {

using CronTime = std::chrono::sys_seconds;

// A time in the store's timestamp form, 'YYYY-MM-DDTHH:MM:SS.sssZ' (UTC), and back; nullopt
// for text in another form.
std::string cronTimestamp(std::chrono::system_clock::time_point time);
std::optional<std::chrono::system_clock::time_point> parseCronTimestamp(std::string_view text);

// Daylight-saving changes follow common cron practice: a wall-clock time skipped by a
// spring-forward gap fires at the instant the gap ends, and one repeated by a fall-back fires
// once, on its first occurrence. Distinct wall-clock ticks mapping to one instant fire once.
class CronSchedule {
 public:
  // Throws std::invalid_argument naming the problem: a bad expression or an unknown zone.
  CronSchedule(std::string_view expression, std::string_view time_zone);

  // The first tick strictly after `after`; nullopt when none falls within eight years
  // ("0 0 30 2 *" never does).
  std::optional<CronTime> nextAfter(std::chrono::system_clock::time_point after) const;
  // The last tick at or before `at`; nullopt when none falls within the eight years before.
  std::optional<CronTime> latestAtOrBefore(std::chrono::system_clock::time_point at) const;

 private:
  sdk::CronExpression expression_;
  const date::time_zone* zone_;
};

}  // namespace orchestra::runtime
