#include "host/http/JsonParseBudget.hpp"

#include <gtest/gtest.h>

namespace orchestra::http {
namespace {

TEST(JsonParseBudget, RefusesWhatDoesNotFitBesideTheRequestsInFlight) {
  JsonParseBudget budget(1000);
  {
    JsonParseBudget::Reservation first(budget, 600);
    EXPECT_TRUE(first.granted());
    JsonParseBudget::Reservation second(budget, 500);
    EXPECT_FALSE(second.granted());
    JsonParseBudget::Reservation third(budget, 400);
    EXPECT_TRUE(third.granted());
    EXPECT_EQ(budget.inFlightBytes(), 1000);
  }
  EXPECT_EQ(budget.inFlightBytes(), 0);  // released with the reservations
}

TEST(JsonParseBudget, AloneARequestLargerThanTheBudgetStillRuns) {
  JsonParseBudget budget(1000);
  JsonParseBudget::Reservation alone(budget, 5000);
  EXPECT_TRUE(alone.granted());
  JsonParseBudget::Reservation next(budget, 1);
  EXPECT_FALSE(next.granted());
}

TEST(JsonParseBudget, ZeroMeansNoBudget) {
  JsonParseBudget budget(0);
  JsonParseBudget::Reservation first(budget, 1'000'000'000);
  JsonParseBudget::Reservation second(budget, 1'000'000'000);
  EXPECT_TRUE(first.granted() && second.granted());
}

TEST(JsonParseBudget, EstimatesTheTextTwiceAndAKibibytePerValue) {
  EXPECT_EQ(estimatedJsonParseBytes(1000, 10), 2000 + 10 * kEstimatedBytesPerJsonValue);
}

}  // namespace
}  // namespace orchestra::http
