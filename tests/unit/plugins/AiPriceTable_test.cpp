#include "host/plugins/AiPriceTable.hpp"

#include <gtest/gtest.h>

namespace orchestra::plugins {
namespace {

AiPriceTable table() {
  return AiPriceTable::fromJson(
      R"({"claude-sonnet-4-5":{"input":3,"output":15,"cache_read":0.3,"cache_creation":3.75},)"
      R"("claude-sonnet":{"input":1,"output":1},"dall-e-3":{"image":0.04}})");
}

TEST(AiPriceTable, PricesEachKindOfTokenPerMillion) {
  // 1,000 input of which 400 from the cache, 100 written to it, 200 output.
  const double cost =
      table().cost("claude-sonnet-4-5", store::AiTokenCounts{1000, 200, 400, 100, 0});
  EXPECT_DOUBLE_EQ(cost, (600 * 3 + 400 * 0.3 + 100 * 3.75 + 200 * 15) / 1e6);
  EXPECT_DOUBLE_EQ(table().cost("dall-e-3", store::AiTokenCounts{0, 0, 0, 0, 2}), 0.08);
}

TEST(AiPriceTable, ADatedModelTakesTheLongestListedPrefixAndUnknownOnesAreFree) {
  EXPECT_DOUBLE_EQ(table().pricesOf("claude-sonnet-4-5-20250929").output, 15);
  EXPECT_DOUBLE_EQ(table().pricesOf("claude-sonnet-3").output, 1);
  EXPECT_DOUBLE_EQ(table().cost("gpt-x", store::AiTokenCounts{1000, 1000, 0, 0, 0}), 0);
}

TEST(AiPriceTable, TheWorstCaseBoundsWhatTheCallCanCost) {
  // Every prompt byte a token at the dearer input price, every allowed output token spent.
  EXPECT_DOUBLE_EQ(table().worstCaseCost("claude-sonnet-4-5", 1000, 100),
                   (1000 * 3.75 + 100 * 15) / 1e6);
  EXPECT_GE(table().worstCaseCost("claude-sonnet-4-5", 1000, 100),
            table().cost("claude-sonnet-4-5", store::AiTokenCounts{250, 100, 0, 0, 0}));
}

}  // namespace
}  // namespace orchestra::plugins
