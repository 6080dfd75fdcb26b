// A parsed five-field cron expression (minute hour day-of-month month day-of-week), used to
// refuse a bad schedule when the workflow is saved rather than when the scheduler meets it.
#pragma once

#include <bitset>
#include <string>
#include <string_view>

namespace orchestra::plugins::core {

// Fields accept "*", values, ranges "a-b", lists "a,b", steps "*/n" and "a-b/n", month names
// JAN-DEC and weekday names SUN-SAT (any case); day-of-week 7 is Sunday like 0. The macros
// @yearly @annually @monthly @weekly @daily @midnight @hourly stand for their expansions.
class CronExpression {
 public:
  // Throws sdk::Error::validation naming the field and the problem.
  static CronExpression parse(std::string_view text);

  const std::bitset<60>& minutes() const { return minutes_; }
  const std::bitset<24>& hours() const { return hours_; }
  const std::bitset<32>& daysOfMonth() const { return days_of_month_; }  // bit 0 unused
  const std::bitset<13>& months() const { return months_; }              // bit 0 unused
  const std::bitset<7>& daysOfWeek() const { return days_of_week_; }     // 0 = Sunday
  const std::string& text() const { return text_; }

 private:
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_of_month_;
  std::bitset<13> months_;
  std::bitset<7> days_of_week_;
  std::string text_;
};

// IANA zone names ("UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+3").
// Checked by shape only: the scheduler, which owns the time zone database, resolves the name.
bool isPlausibleTimeZoneName(std::string_view name);

}  // namespace orchestra::plugins::core
