// The ai: section: provider entries, prices and budgets, with the exact start-up messages.
#include <gtest/gtest.h>

#include "tests/unit/config/ConfigTestSupport.hpp"

namespace orchestra::config {
namespace {

using testing::load;
using testing::loadError;

TEST(AiConfig, ProvidersPricesAndBudgetsAreRead) {
  const Config config = load(
      "ai:\n"
      "  providers:\n"
      "    - id: claude\n"
      "      extension: ai.anthropic\n"
      "      config: {api_key_secret: ANTHROPIC_API_KEY}\n"
      "  prices:\n"
      "    claude-sonnet-4-5: {input: 3, output: 15, cache_read: 0.3, cache_creation: 3.75}\n"
      "  budgets: {workspace_monthly_usd: 50, execution_usd: 0.5}\n");
  ASSERT_EQ(config.ai.providers.size(), 1U);
  EXPECT_EQ(config.ai.providers[0].id, "claude");
  EXPECT_EQ(config.ai.providers[0].extension, "ai.anthropic");
  EXPECT_EQ(config.ai.providers[0].config_json, R"({"api_key_secret":"ANTHROPIC_API_KEY"})");
  EXPECT_NE(config.ai.prices_json.find("cache_creation"), std::string::npos);
  EXPECT_NE(config.ai.budgets_json.find("execution_usd"), std::string::npos);
}

TEST(AiConfig, BadEntriesStopStartUpNamingTheKey) {
  EXPECT_EQ(loadError("ai:\n  providers:\n    - id: claude\n"),
            "test.yaml:3: ai.providers[0].extension: is required");
  EXPECT_EQ(
      loadError("ai:\n  providers:\n    - {id: a, extension: x}\n    - {id: a, extension: y}\n"),
      "test.yaml:4: ai.providers[1].id: \"a\" is declared twice");
  EXPECT_EQ(loadError("ai:\n  providers:\n    - {id: \"a b\", extension: x}\n"),
            "test.yaml:3: ai.providers[0].id: must be 1-64 letters, digits, '.', '_' or '-'");
  EXPECT_EQ(loadError("ai:\n  prices:\n    m: {input: -1}\n"),
            "test.yaml:2: ai.prices: m: input must be a number >= 0");
  EXPECT_EQ(loadError("ai:\n  prices:\n    m: {inputs: 1}\n"),
            "test.yaml:2: ai.prices: m: has an unknown key \"inputs\" (known: cache_creation, "
            "cache_read, image, input, output)");
  EXPECT_EQ(loadError("ai:\n  budgets: {monthly: 5}\n"),
            "test.yaml:2: ai.budgets: has an unknown key \"monthly\" (known: execution_usd, "
            "workflow_monthly_usd, workspace_monthly_usd)");
}

}  // namespace
}  // namespace orchestra::config
