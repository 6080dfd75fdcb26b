#include "orchestra/sdk/CronExpression.hpp"

#include <gtest/gtest.h>

namespace orchestra::sdk {
namespace {

TEST(CronExpression, StepsRangesListsAndNames) {
  CronExpression expression = CronExpression::parse("*/15 9-17/4 1,15 jan-MAR sun,6");
  EXPECT_EQ(expression.minutes().count(), 4u);
  EXPECT_TRUE(expression.minutes()[45]);
  EXPECT_TRUE(expression.hours()[9] && expression.hours()[13] && expression.hours()[17]);
  EXPECT_EQ(expression.hours().count(), 3u);
  EXPECT_EQ(expression.daysOfMonth().count(), 2u);
  EXPECT_TRUE(expression.months()[1] && expression.months()[3] && !expression.months()[4]);
  EXPECT_TRUE(expression.daysOfWeek()[0] && expression.daysOfWeek()[6]);
  EXPECT_EQ(expression.daysOfWeek().count(), 2u);
}

TEST(CronExpression, SevenIsSundayAndStartSlashStepRunsToTheEnd) {
  EXPECT_TRUE(CronExpression::parse("0 0 * * 7").daysOfWeek()[0]);
  CronExpression expression = CronExpression::parse("5/20 * * * *");
  EXPECT_EQ(expression.minutes().count(), 3u);  // 5, 25, 45
  EXPECT_TRUE(expression.minutes()[45]);
}

TEST(CronExpression, FiveFieldsFireAtSecondZeroSixTakeALeadingSecond) {
  const CronExpression five = CronExpression::parse("* * * * *");
  EXPECT_EQ(five.seconds().count(), 1u);
  EXPECT_TRUE(five.seconds()[0]);
  const CronExpression six = CronExpression::parse("*/20 * * * * *");
  EXPECT_EQ(six.seconds().count(), 3u);
  EXPECT_TRUE(six.seconds()[40]);
  EXPECT_EQ(six.minutes().count(), 60u);
  EXPECT_THROW(CronExpression::parse("60 * * * * *"), Error);
  EXPECT_THROW(CronExpression::parse("* * * * * * *"), Error);
}

TEST(CronExpression, BothDayFieldsRestrictedMatchEitherAsInVixieCron) {
  // The 13th, or any Friday (2026-11-13 is a Friday, 2026-11-20 a Friday, 2026-11-14 neither).
  const CronExpression either = CronExpression::parse("0 0 13 * FRI");
  EXPECT_TRUE(either.matchesDay(11, 13, 5));
  EXPECT_TRUE(either.matchesDay(11, 20, 5));
  EXPECT_TRUE(either.matchesDay(12, 13, 0));
  EXPECT_FALSE(either.matchesDay(11, 14, 6));
  // With one day field "*", only the other one decides.
  const CronExpression fridays = CronExpression::parse("0 0 * * FRI");
  EXPECT_TRUE(fridays.matchesDay(11, 20, 5));
  EXPECT_FALSE(fridays.matchesDay(11, 13, 4));
  EXPECT_FALSE(CronExpression::parse("0 0 * JAN *").matchesDay(2, 1, 0));
}

TEST(CronExpression, MacrosExpand) {
  EXPECT_EQ(CronExpression::parse("@daily").hours().count(), 1u);
  EXPECT_EQ(CronExpression::parse("@weekly").daysOfWeek().count(), 1u);
  EXPECT_THROW(CronExpression::parse("@reboot"), Error);
}

TEST(CronExpression, TimeZoneNamesByShape) {
  EXPECT_TRUE(isPlausibleTimeZoneName("UTC"));
  EXPECT_TRUE(isPlausibleTimeZoneName("America/Argentina/Buenos_Aires"));
  EXPECT_TRUE(isPlausibleTimeZoneName("Etc/GMT+3"));
  EXPECT_FALSE(isPlausibleTimeZoneName("../../etc/passwd"));
  EXPECT_FALSE(isPlausibleTimeZoneName(""));
  EXPECT_FALSE(isPlausibleTimeZoneName("Europe//Paris"));
}

}  // namespace
}  // namespace orchestra::sdk
