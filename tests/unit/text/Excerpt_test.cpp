#include "host/text/Excerpt.hpp"

#include <gtest/gtest.h>

#include <string>

namespace orchestra::text {
namespace {

TEST(Excerpt, KeepsShortTextAndCutsLongTextWithAnEllipsis) {
  EXPECT_EQ(excerpt("short"), "short");
  EXPECT_EQ(excerpt(std::string(64, 'a')), std::string(64, 'a'));
  EXPECT_EQ(excerpt(std::string(1'000'000, 'a')), std::string(64, 'a') + "\u2026");
  EXPECT_EQ(excerpt("abcdef", 3), "abc\u2026");
}

TEST(Excerpt, NeverCutsAUtf8SequenceInHalf) {
  // "é" is two bytes: a cut after 2 bytes of "aé" would split it.
  EXPECT_EQ(excerpt("a\u00e9b", 2), "a\u2026");
  EXPECT_EQ(excerpt("\u20ac\u20ac", 4), "\u20ac\u2026");  // 3-byte sequences
}

}  // namespace
}  // namespace orchestra::text
