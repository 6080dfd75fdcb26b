// AI budgets: the limits that bound one call (the workspace's own, over the configured
// defaults) and the check made before a call, against what the ledger says was spent.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/plugins/AiCallContext.hpp"
#include "host/store/AiLedgerRepository.hpp"

namespace orchestra::plugins {

// USD; 0 = no limit at that scope.
struct AiBudgetLimits {
  double workspace_monthly_usd = 0;
  double workflow_monthly_usd = 0;
  double execution_usd = 0;

  // ai.budgets as ConfigChecks accepted it.
  static AiBudgetLimits fromJson(const std::string& budgets_json);
  // These defaults with a workspace's own rows laid over them.
  AiBudgetLimits overriddenBy(const std::vector<store::AiBudgetRow>& rows) const;
  // Only the limits that bound a call of `context`: a call outside an execution (a /tools
  // call) has no execution or workflow budget.
  AiBudgetLimits applicableTo(const AiCallContext& context) const;
};

inline constexpr std::array<std::string_view, 3> kBudgetScopes = {"workspace_monthly",
                                                                  "workflow_monthly", "execution"};

// The first instant of the current calendar month (UTC), as the store compares timestamps.
std::string currentMonthStart();

struct AiSpend {
  double workspace_month_usd = 0;
  double workflow_month_usd = 0;
  double execution_usd = 0;
};

// What `context` has spent at each scope `limits` (applicableTo(context)) bound; 0 elsewhere.
AiSpend spendAgainst(store::AiLedgerRepository& ledger, const AiBudgetLimits& limits,
                     const AiCallContext& context);

// "budget_exceeded: ..." when spending `worst_case_usd` more would pass a limit; nullopt when
// the call may go ahead.
std::optional<std::string> budgetRefusal(const AiBudgetLimits& limits, const AiSpend& spent,
                                         double worst_case_usd);

}  // namespace orchestra::plugins
