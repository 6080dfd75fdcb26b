#include "host/plugins/AiBudgets.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <array>
#include <chrono>
#include <cstdio>

namespace orchestra::plugins {

namespace {

double amount(const Poco::JSON::Object& object, const std::string& key) {
  return object.has(key) ? object.getValue<double>(key) : 0.0;
}

std::string dollars(double value) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "$%.4f", value);
  return text.data();
}

std::optional<std::string> over(const char* what, double limit, double spent, double more) {
  if (limit <= 0 || spent + more <= limit) return std::nullopt;
  return "budget_exceeded: the " + std::string(what) + " AI budget of " + dollars(limit) +
         " would be exceeded (spent " + dollars(spent) + ", this call may cost up to " +
         dollars(more) + ")";
}

}  // namespace

AiBudgetLimits AiBudgetLimits::fromJson(const std::string& budgets_json) {
  Poco::JSON::Parser parser;
  const auto root =
      parser.parse(budgets_json.empty() ? "{}" : budgets_json).extract<Poco::JSON::Object::Ptr>();
  return AiBudgetLimits{amount(*root, "workspace_monthly_usd"),
                        amount(*root, "workflow_monthly_usd"), amount(*root, "execution_usd")};
}

AiBudgetLimits AiBudgetLimits::overriddenBy(const std::vector<store::AiBudgetRow>& rows) const {
  AiBudgetLimits out = *this;
  for (const auto& row : rows) {
    if (row.scope == "workspace_monthly") out.workspace_monthly_usd = row.limit_usd;
    if (row.scope == "workflow_monthly") out.workflow_monthly_usd = row.limit_usd;
    if (row.scope == "execution") out.execution_usd = row.limit_usd;
  }
  return out;
}

AiBudgetLimits AiBudgetLimits::applicableTo(const AiCallContext& context) const {
  AiBudgetLimits out = *this;
  if (context.workspace_id.empty()) out.workspace_monthly_usd = 0;
  if (context.workflow_id.empty()) out.workflow_monthly_usd = 0;
  if (context.execution_id.empty()) out.execution_usd = 0;
  return out;
}

std::string currentMonthStart() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day date(today);
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%04d-%02u-01T00:00:00.000Z",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()));
  return text.data();
}

AiSpend spendAgainst(store::AiLedgerRepository& ledger, const AiBudgetLimits& limits,
                     const AiCallContext& context) {
  AiSpend spent;
  const std::string month = currentMonthStart();
  if (limits.workspace_monthly_usd > 0) {
    spent.workspace_month_usd = ledger.workspaceSpendSince(context.workspace_id, month);
  }
  if (limits.workflow_monthly_usd > 0) {
    spent.workflow_month_usd = ledger.workflowSpendSince(context.workflow_id, month);
  }
  if (limits.execution_usd > 0) {
    spent.execution_usd = ledger.executionSpend(context.execution_id);
  }
  return spent;
}

std::optional<std::string> budgetRefusal(const AiBudgetLimits& limits, const AiSpend& spent,
                                         double worst_case_usd) {
  if (auto refusal = over("execution", limits.execution_usd, spent.execution_usd, worst_case_usd)) {
    return refusal;
  }
  if (auto refusal = over("workflow's monthly", limits.workflow_monthly_usd,
                          spent.workflow_month_usd, worst_case_usd)) {
    return refusal;
  }
  return over("workspace's monthly", limits.workspace_monthly_usd, spent.workspace_month_usd,
              worst_case_usd);
}

}  // namespace orchestra::plugins
