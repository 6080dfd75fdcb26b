#include "host/store/Timestamp.hpp"

#include <gtest/gtest.h>

namespace orchestra::store {
namespace {

TEST(TimestampTest, NormalizesWhatBothDatabasesReturn) {
  EXPECT_EQ(normalizeTimestamp("2024-05-06 07:08:09.123456"), "2024-05-06T07:08:09.123Z");
  EXPECT_EQ(normalizeTimestamp("2024-05-06T07:08:09.1Z"), "2024-05-06T07:08:09.100Z");
  EXPECT_EQ(normalizeTimestamp("2024-05-06 07:08:09"), "2024-05-06T07:08:09.000Z");
  EXPECT_EQ(normalizeTimestamp("not a time"), "not a time");
}

TEST(TimestampTest, ReadsTheIso8601FormsClientsSend) {
  EXPECT_EQ(utcTimestampFromIso8601("2025-11-13"), "2025-11-13T00:00:00.000Z");
  EXPECT_EQ(utcTimestampFromIso8601("2025-11-13T10:00"), "2025-11-13T10:00:00.000Z");
  EXPECT_EQ(utcTimestampFromIso8601("2025-11-13T10:00:00Z"), "2025-11-13T10:00:00.000Z");
  EXPECT_EQ(utcTimestampFromIso8601("2025-11-13 10:00:00"), "2025-11-13T10:00:00.000Z");
  EXPECT_EQ(utcTimestampFromIso8601("2025-11-13t10:00:00z"), "2025-11-13T10:00:00.000Z");
  // Fractions are cut to the milliseconds the host stores.
  EXPECT_EQ(utcTimestampFromIso8601("2025-11-13T10:00:00.5Z"), "2025-11-13T10:00:00.500Z");
  EXPECT_EQ(utcTimestampFromIso8601("2025-11-13T10:00:00.123999Z"), "2025-11-13T10:00:00.123Z");
}

TEST(TimestampTest, ConvertsZoneOffsetsToUtc) {
  EXPECT_EQ(utcTimestampFromIso8601("2025-11-13T10:00:00+02:00"), "2025-11-13T08:00:00.000Z");
  EXPECT_EQ(utcTimestampFromIso8601("2025-11-13T10:00:00-0530"), "2025-11-13T15:30:00.000Z");
  EXPECT_EQ(utcTimestampFromIso8601("2025-11-13T10:00:00+01"), "2025-11-13T09:00:00.000Z");
  // Across a day and a year boundary.
  EXPECT_EQ(utcTimestampFromIso8601("2025-01-01T00:30:00+01:00"), "2024-12-31T23:30:00.000Z");
  EXPECT_EQ(utcTimestampFromIso8601("2024-02-28T23:00:00-02:00"), "2024-02-29T01:00:00.000Z");
}

TEST(TimestampTest, RefusesWhatIsNotATimestamp) {
  for (const char* text : {"",
                           "yesterday",
                           "2025-11-13T",
                           "2025-11-13T10",
                           "2025-13-01",
                           "2025-02-29",
                           "2025-04-31",
                           "2025-11-13T24:00:00Z",
                           "2025-11-13T10:60:00Z",
                           "2025-11-13T10:00:60Z",
                           "2025-11-13T10:00:00.Z",
                           "2025-11-13T10:00:00+2:00",
                           "2025-11-13T10:00:00+24:00",
                           "2025-11-13T10:00:00 02:00",
                           "2025-11-13Z",
                           "2025-11-13T10:00:00Z trailing",
                           "25-11-13",
                           "2025/11/13",
                           "0000-01-01",
                           "0001-01-01T00:00:00+01:00",
                           "2025-11-13T10:00:00ZZ"}) {
    EXPECT_EQ(utcTimestampFromIso8601(text), std::nullopt) << text;
  }
}

TEST(Timestamp, MillisecondsUntilReadsWhatTheHostWroteAndNeverEndsAWaitEarly) {
  const auto ahead = millisecondsUntil(utcTimestampFromNowMs(5000));
  ASSERT_TRUE(ahead.has_value());
  EXPECT_GT(*ahead, 4000);
  EXPECT_LE(*ahead, 5000);
  const auto behind = millisecondsUntil(utcTimestampFromNowMs(-5000));
  ASSERT_TRUE(behind.has_value());
  EXPECT_LT(*behind, -4000);
  // PostgreSQL's text form of a TIMESTAMP reads the same.
  EXPECT_TRUE(millisecondsUntil("2025-11-13 10:00:00.123").has_value());
  EXPECT_EQ(millisecondsUntil("yesterday"), std::nullopt);
}

}  // namespace
}  // namespace orchestra::store
