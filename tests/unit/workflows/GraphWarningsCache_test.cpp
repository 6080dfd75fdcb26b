// GraphWarningsCache answers only for the exact graph it stored, and stays within its byte budget.
#include "host/workflows/GraphWarningsCache.hpp"

#include <gtest/gtest.h>

namespace orchestra::workflows {
namespace {

errors::IssueList oneWarning(const std::string& type) {
  errors::IssueList warnings;
  warnings.add({{"body", "nodes"}, "problem", type});
  warnings.omitted = 2;
  return warnings;
}

TEST(GraphWarningsCache, AnswersForTheSameGraphOnly) {
  GraphWarningsCache cache(1 << 20);
  EXPECT_FALSE(cache.find("w1", "[]", "[]"));
  cache.put("w1", R"([{"id":"a"}])", "[]", oneWarning("no_trigger"));
  const auto hit = cache.find("w1", R"([{"id":"a"}])", "[]");
  ASSERT_TRUE(hit);
  ASSERT_EQ(hit->held.size(), 1U);
  EXPECT_EQ(hit->held.front().type, "no_trigger");
  EXPECT_EQ(hit->omitted, 2U);
  EXPECT_FALSE(cache.find("w1", R"([{"id":"b"}])", "[]"));               // nodes changed
  EXPECT_FALSE(cache.find("w1", R"([{"id":"a"}])", R"([{"id":"e"}])"));  // connections changed
  EXPECT_FALSE(cache.find("w2", R"([{"id":"a"}])", "[]"));               // another workflow
}

TEST(GraphWarningsCache, ANewGraphReplacesTheOldOne) {
  GraphWarningsCache cache(1 << 20);
  cache.put("w1", "[1]", "[]", oneWarning("old"));
  cache.put("w1", "[2]", "[]", {});
  EXPECT_FALSE(cache.find("w1", "[1]", "[]"));
  const auto hit = cache.find("w1", "[2]", "[]");
  ASSERT_TRUE(hit);
  EXPECT_TRUE(hit->empty());
}

TEST(GraphWarningsCache, KeepsNeitherHugeGraphsNorMoreThanItsBudget) {
  GraphWarningsCache cache(1600);  // graphs of up to 100 bytes are kept
  cache.put("huge", std::string(101, ' '), "", {});
  EXPECT_FALSE(cache.find("huge", std::string(101, ' '), ""));
  for (int i = 0; i < 16; ++i)
    cache.put("w" + std::to_string(i), std::string(100, 'x'), "", {});
  EXPECT_TRUE(cache.find("w15", std::string(100, 'x'), ""));
  cache.put("w16", std::string(100, 'x'), "", {});  // over budget: starts over
  EXPECT_FALSE(cache.find("w0", std::string(100, 'x'), ""));
  EXPECT_TRUE(cache.find("w16", std::string(100, 'x'), ""));
}

}  // namespace
}  // namespace orchestra::workflows
