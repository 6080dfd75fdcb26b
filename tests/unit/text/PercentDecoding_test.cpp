#include "host/text/PercentDecoding.hpp"

#include <gtest/gtest.h>

namespace orchestra::text {
namespace {

TEST(PercentDecoding, DecodesEscapesOfAnyCase) {
  EXPECT_EQ(percentDecode("p%40ss%2fw%2Frd"), "p@ss/w/rd");
  EXPECT_EQ(percentDecode("plain"), "plain");
  EXPECT_EQ(percentDecode(""), "");
  EXPECT_EQ(percentDecode("%00", false)->size(), 1U);
}

TEST(PercentDecoding, PlusIsASpaceOnlyInQueries) {
  EXPECT_EQ(percentDecode("a+b"), "a+b");
  EXPECT_EQ(percentDecode("a+b%2B", true), "a b+");
}

TEST(PercentDecoding, RefusesTruncatedOrNonHexEscapes) {
  EXPECT_EQ(percentDecode("%"), std::nullopt);
  EXPECT_EQ(percentDecode("abc%4"), std::nullopt);
  EXPECT_EQ(percentDecode("%zz"), std::nullopt);
  EXPECT_EQ(percentDecode("%4g"), std::nullopt);
}

}  // namespace
}  // namespace orchestra::text
