// The host's side of host_ai_chat: the operator's AI provider instances by id, and around each
// call the budget check (before it is made) and the ledger row (after), with its cost.
#pragma once

#include <orchestra/abi.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/plugins/AiBudgets.hpp"
#include "host/plugins/AiCallContext.hpp"
#include "host/plugins/AiPriceTable.hpp"
#include "host/plugins/AiProviderInstance.hpp"
#include "host/store/AiLedgerRepository.hpp"

namespace orchestra::plugins {

// A workspace's AI spend this month against its budgets (GET /usage).
struct AiUsageReport {
  std::string period_start;  // the month's first instant, UTC
  AiBudgetLimits budgets;    // the workspace's own over the defaults; 0 = none
  double month_spend_usd = 0;
  std::vector<store::AiModelSpend> by_model;
};

class AiGateway {
 public:
  // `ledger` null: calls are neither metered nor bounded (no database, e.g. `orchestra run`).
  AiGateway(std::map<std::string, std::unique_ptr<AiProviderInstance>> providers,
            AiPriceTable prices, AiBudgetLimits default_limits, store::AiLedgerRepository* ledger);

  bool hasProvider(const std::string& id) const { return providers_.count(id) != 0; }
  std::vector<std::string> providerIds() const;

  // host_ai_chat: the same contract as on_chat (streaming passes straight through), plus
  // ORC_ERR_NOT_FOUND for an unknown provider id and a permanent "budget_exceeded: ..." failure
  // (ORC_ERR_PERMISSION_DENIED) when the call could pass a budget of `context`.
  orc_status chat(const std::string& provider_id, const orc_ai_chat_request& request,
                  orc_result& result, orc_ai_usage& usage, const AiCallContext& context) const;

  // host_ai_generate_image: on_generate_image's contract, bounded and metered like chat (the
  // worst case is ai.prices' "image" price of the model times the images asked for; the ledger
  // row carries image_count and its cost).
  orc_status generateImage(const std::string& provider_id, const orc_ai_image_request& request,
                           orc_result& result, orc_ai_usage& usage,
                           const AiCallContext& context) const;

  // The limits bounding `workspace_id` (its own over the defaults), for GET /usage.
  AiBudgetLimits limitsOf(const std::string& workspace_id) const;
  const AiBudgetLimits& defaultLimits() const { return default_limits_; }
  // Throws std::logic_error without a ledger (the HTTP API always has one).
  AiUsageReport usageOf(const std::string& workspace_id) const;
  // `scope` is one of kBudgetScopes; 0 is "no limit" for this workspace, nullopt removes its
  // own limit so that the configured default applies again.
  void setBudget(const std::string& workspace_id, const std::string& scope,
                 std::optional<double> limit_usd) const;
  store::AiLedgerRepository* ledger() const { return ledger_; }

 private:
  // The most the call could cost, from its model and max_tokens (or the provider's defaults).
  double worstCase(const AiProviderInstance& provider, const std::string& request_json) const;
  // Fails `result` (and returns its status) when the call could pass a budget of `context`,
  // or when the budgets cannot be checked; nullopt when the call may go ahead.
  std::optional<orc_status> refuseOverBudget(const AiCallContext& context, double worst_case_usd,
                                             orc_result& result) const;
  // The model a call ran on: the answer's, else the request's, else the provider's default.
  static std::string modelOf(const AiProviderInstance& provider, orc_status status,
                             const orc_result& result, const std::string& request_json,
                             const char* default_key);
  void record(const std::string& provider_id, const AiProviderInstance& provider,
              const AiCallContext& context, const std::string& model, const orc_ai_usage& usage,
              std::int64_t latency_ms, const std::string& outcome) const;

  std::map<std::string, std::unique_ptr<AiProviderInstance>> providers_;
  AiPriceTable prices_;
  AiBudgetLimits default_limits_;
  store::AiLedgerRepository* ledger_;
};

}  // namespace orchestra::plugins
