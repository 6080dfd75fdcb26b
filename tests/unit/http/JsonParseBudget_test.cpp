#include "host/http/JsonParseBudget.hpp"

#include <gtest/gtest.h>

#include "host/http/JsonBody.hpp"

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

TEST(JsonParseBudget, EstimatesTheTextItsLongStringsEachValueAndTheLargestContainers) {
  JsonShape shape;
  shape.values = 10;
  shape.members = 4;
  shape.largest_array = 3;
  shape.largest_object = 2;
  shape.long_string_bytes = 100;
  EXPECT_EQ(estimatedCompactParseBytes(1000, shape), 1100 + 14 * kCompactBytesPerJsonValue +
                                                         3 * kStackBytesPerArrayElement +
                                                         2 * kStackBytesPerObjectMember);
}

}  // namespace
}  // namespace orchestra::http
