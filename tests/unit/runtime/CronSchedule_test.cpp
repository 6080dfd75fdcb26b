#include "host/runtime/CronSchedule.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace orchestra::runtime {
namespace {

std::chrono::system_clock::time_point at(const std::string& iso) {
  const auto time = parseCronTimestamp(iso);
  EXPECT_TRUE(time) << iso;
  return time.value_or(std::chrono::system_clock::time_point{});
}

// Seconds precision, as ticks have: "…:00.000Z" would only add noise to every expectation.
std::string text(const std::optional<CronTime>& tick) {
  if (!tick) return "none";
  std::string stamp = cronTimestamp(*tick);
  EXPECT_EQ(stamp.substr(19), ".000Z");
  return stamp.substr(0, 19) + "Z";
}

TEST(CronTimestamp, TheStoresFormRoundTrips) {
  using namespace std::chrono;
  const system_clock::time_point time =
      sys_days{year{2026} / 3 / 9} + hours{7} + minutes{5} + seconds{4} + milliseconds{321};
  EXPECT_EQ(cronTimestamp(time), "2026-03-09T07:05:04.321Z");
  EXPECT_EQ(parseCronTimestamp("2026-03-09T07:05:04.321Z"), time);
  EXPECT_EQ(parseCronTimestamp("2026-03-09T07:05:04Z"), time - milliseconds{321});
  EXPECT_EQ(parseCronTimestamp("yesterday"), std::nullopt);
}

TEST(CronSchedule, NextAndLatestInUtc) {
  const CronSchedule schedule("*/15 * * * *", "UTC");
  EXPECT_EQ(text(schedule.nextAfter(at("2026-01-01T00:07:30Z"))), "2026-01-01T00:15:00Z");
  // Strictly after: a tick exactly at `after` is the previous one.
  EXPECT_EQ(text(schedule.nextAfter(at("2026-01-01T00:15:00Z"))), "2026-01-01T00:30:00Z");
  EXPECT_EQ(text(schedule.latestAtOrBefore(at("2026-01-01T00:07:30Z"))), "2026-01-01T00:00:00Z");
  EXPECT_EQ(text(schedule.latestAtOrBefore(at("2026-01-01T00:15:00Z"))), "2026-01-01T00:15:00Z");
  EXPECT_EQ(text(schedule.nextAfter(at("2026-12-31T23:59:59.500Z"))), "2027-01-01T00:00:00Z");
}

TEST(CronSchedule, TheOptionalSecondsField) {
  const CronSchedule every_ten("*/10 * * * * *", "UTC");
  EXPECT_EQ(text(every_ten.nextAfter(at("2026-01-01T00:00:05Z"))), "2026-01-01T00:00:10Z");
  EXPECT_EQ(text(every_ten.nextAfter(at("2026-01-01T00:00:59.900Z"))), "2026-01-01T00:01:00Z");
  EXPECT_EQ(text(every_ten.latestAtOrBefore(at("2026-01-01T00:00:09.999Z"))),
            "2026-01-01T00:00:00Z");
}

TEST(CronSchedule, WallClockTimeInTheTriggersZone) {
  const CronSchedule nine("0 9 * * *", "Europe/Paris");
  EXPECT_EQ(text(nine.nextAfter(at("2026-01-15T00:00:00Z"))), "2026-01-15T08:00:00Z");  // CET
  EXPECT_EQ(text(nine.nextAfter(at("2026-07-15T00:00:00Z"))), "2026-07-15T07:00:00Z");  // CEST
  const CronSchedule new_york("30 8 * * MON-FRI", "America/New_York");
  // Saturday 2026-11-07 → Monday 2026-11-09, 08:30 EST = 13:30 UTC.
  EXPECT_EQ(text(new_york.nextAfter(at("2026-11-07T12:00:00Z"))), "2026-11-09T13:30:00Z");
}

TEST(CronSchedule, ASkippedWallClockTimeFiresWhenTheGapEnds) {
  // Europe/Paris springs forward on 2026-03-29 at 02:00 CET (01:00 UTC) to 03:00 CEST.
  const CronSchedule half_past_two("30 2 * * *", "Europe/Paris");
  EXPECT_EQ(text(half_past_two.nextAfter(at("2026-03-28T12:00:00Z"))), "2026-03-29T01:00:00Z");
  EXPECT_EQ(text(half_past_two.nextAfter(at("2026-03-29T01:00:00Z"))), "2026-03-30T00:30:00Z");
}

TEST(CronSchedule, ARepeatedWallClockTimeFiresOnce) {
  // Europe/Paris falls back on 2026-10-25 at 03:00 CEST (01:00 UTC) to 02:00 CET.
  const CronSchedule half_past_two("30 2 * * *", "Europe/Paris");
  EXPECT_EQ(text(half_past_two.nextAfter(at("2026-10-24T12:00:00Z"))), "2026-10-25T00:30:00Z");
  EXPECT_EQ(text(half_past_two.nextAfter(at("2026-10-25T00:30:00Z"))), "2026-10-26T01:30:00Z");

  // 01:20 UTC is 02:20 in the repeated hour; the latest tick before it is 02:45 of the first
  // pass (00:45 UTC), later on the wall clock than 02:20 yet earlier in time.
  const CronSchedule quarters("*/15 2 * * *", "Europe/Paris");
  EXPECT_EQ(text(quarters.latestAtOrBefore(at("2026-10-25T01:20:00Z"))), "2026-10-25T00:45:00Z");
  EXPECT_EQ(text(quarters.nextAfter(at("2026-10-25T00:45:00Z"))), "2026-10-26T01:00:00Z");
}

TEST(CronSchedule, BothDayFieldsRestrictedMeanEither) {
  // The 13th or any Friday: from Sunday 2026-11-01 the first is Friday the 6th.
  const CronSchedule schedule("0 0 13 * FRI", "UTC");
  EXPECT_EQ(text(schedule.nextAfter(at("2026-11-01T00:00:00Z"))), "2026-11-06T00:00:00Z");
  EXPECT_EQ(text(schedule.nextAfter(at("2026-11-06T00:00:00Z"))), "2026-11-13T00:00:00Z");
}

TEST(CronSchedule, ALeapDayAndADayThatNeverComes) {
  EXPECT_EQ(text(CronSchedule("0 12 29 2 *", "UTC").nextAfter(at("2026-03-01T00:00:00Z"))),
            "2028-02-29T12:00:00Z");
  EXPECT_EQ(text(CronSchedule("0 0 30 2 *", "UTC").nextAfter(at("2026-01-01T00:00:00Z"))), "none");
  EXPECT_EQ(text(CronSchedule("0 0 30 2 *", "UTC").latestAtOrBefore(at("2026-01-01T00:00:00Z"))),
            "none");
}

TEST(CronSchedule, RefusesBadExpressionsAndUnknownZones) {
  EXPECT_THROW(CronSchedule("* * *", "UTC"), std::invalid_argument);
  try {
    [[maybe_unused]] const CronSchedule schedule("* * * * *", "Mars/Olympus_Mons");
    FAIL() << "an unknown zone was accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "unknown time zone 'Mars/Olympus_Mons'");
  }
}

}  // namespace
}  // namespace orchestra::runtime
