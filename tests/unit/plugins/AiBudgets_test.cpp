#include "host/plugins/AiBudgets.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace orchestra::plugins {
namespace {

TEST(AiBudgets, AWorkspacesOwnLimitsOverrideTheDefaultsAndOnlyApplicableOnesBind) {
  const AiBudgetLimits defaults = AiBudgetLimits::fromJson(
      R"({"workspace_monthly_usd":50,"workflow_monthly_usd":10,"execution_usd":1})");
  const AiBudgetLimits own = defaults.overriddenBy({{"execution", 0}, {"workspace_monthly", 5}});
  EXPECT_DOUBLE_EQ(own.workspace_monthly_usd, 5);
  EXPECT_DOUBLE_EQ(own.workflow_monthly_usd, 10);
  EXPECT_DOUBLE_EQ(own.execution_usd, 0);  // 0: this workspace has no per-execution limit

  // A /tools call has no execution or workflow to bound.
  const AiBudgetLimits tools = defaults.applicableTo(AiCallContext{"", "", "", "ws", "user"});
  EXPECT_DOUBLE_EQ(tools.workspace_monthly_usd, 50);
  EXPECT_DOUBLE_EQ(tools.workflow_monthly_usd, 0);
  EXPECT_DOUBLE_EQ(tools.execution_usd, 0);
}

TEST(AiBudgets, ACallIsRefusedWhenItsWorstCaseCouldPassALimit) {
  const AiBudgetLimits limits{10, 0, 1};
  EXPECT_FALSE(budgetRefusal(limits, AiSpend{5, 0, 0.5}, 0.5));
  const auto execution = budgetRefusal(limits, AiSpend{5, 0, 0.5}, 0.6);
  ASSERT_TRUE(execution);
  EXPECT_EQ(*execution,
            "budget_exceeded: the execution AI budget of $1.0000 would be exceeded (spent "
            "$0.5000, this call may cost up to $0.6000)");
  const auto month = budgetRefusal(limits, AiSpend{9.95, 0, 0}, 0.1);
  ASSERT_TRUE(month);
  EXPECT_NE(month->find("workspace's monthly AI budget of $10.0000"), std::string::npos);
  EXPECT_FALSE(budgetRefusal(AiBudgetLimits{}, AiSpend{1e6, 1e6, 1e6}, 1e6));  // no limits
}

TEST(AiBudgets, TheMonthStartsOnItsFirstDayInUtc) {
  EXPECT_TRUE(
      std::regex_match(currentMonthStart(), std::regex(R"(\d{4}-\d{2}-01T00:00:00\.000Z)")));
}

}  // namespace
}  // namespace orchestra::plugins
