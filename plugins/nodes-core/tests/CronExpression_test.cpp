#include "CronExpression.hpp"

#include <gtest/gtest.h>

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::core {
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

TEST(CronExpression, MacrosExpand) {
  EXPECT_EQ(CronExpression::parse("@daily").hours().count(), 1u);
  EXPECT_EQ(CronExpression::parse("@weekly").daysOfWeek().count(), 1u);
  EXPECT_THROW(CronExpression::parse("@reboot"), sdk::Error);
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
}  // namespace orchestra::plugins::core
