// SQL for the AI ledger (analytics_metrics rows of type 'ai_call') and the workspaces' own AI
// budgets (ai_budgets): one row per AI call, and the sums budgets are checked against.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/store/Database.hpp"

namespace orchestra::store {

// Tokens of one call or of many, by kind (what prices differ by).
struct AiTokenCounts {
  std::uint64_t input_tokens = 0;  // cached ones included
  std::uint64_t output_tokens = 0;
  std::uint64_t cached_input_tokens = 0;          // read from a prompt cache
  std::uint64_t cache_creation_input_tokens = 0;  // written to a prompt cache, not in input
  std::uint64_t image_count = 0;

  AiTokenCounts& operator+=(const AiTokenCounts& other);
};

// One AI call as the ledger keeps it. Ids are canonical UUIDs or empty (unknown).
struct AiCallRow {
  std::string user_id;  // required: the plan's table needs someone to charge
  std::string workspace_id;
  std::string workflow_id;
  std::string execution_id;
  std::string node_id;
  std::string provider_id;
  std::string extension_id;
  std::string model;
  AiTokenCounts tokens;
  std::int64_t latency_ms = 0;
  double cost_usd = 0;
  std::string outcome;  // "ok", or the error class of a failed call
};

// Spend of one model in a period, for GET /usage.
struct AiModelSpend {
  std::string provider_id;
  std::string model;
  std::int64_t calls = 0;
  AiTokenCounts tokens;
  double cost_usd = 0;
};

struct AiBudgetRow {
  std::string scope;  // workspace_monthly | workflow_monthly | execution
  double limit_usd = 0;
};

class AiLedgerRepository {
 public:
  explicit AiLedgerRepository(Database& database) : database_(database) {}

  void record(const AiCallRow& call);

  // Cost in USD of the AI calls since `since` (a store timestamp) of the workspace, of the
  // workflow, and of one execution.
  double workspaceSpendSince(std::string_view workspace_id, const std::string& since);
  double workflowSpendSince(std::string_view workflow_id, const std::string& since);
  double executionSpend(std::string_view execution_id);
  std::vector<AiModelSpend> workspaceSpendByModel(std::string_view workspace_id,
                                                  const std::string& since);

  std::vector<AiBudgetRow> budgets(std::string_view workspace_id);
  // Replaces the workspace's limit at `scope` (validated by the caller).
  void setBudget(std::string_view workspace_id, const std::string& scope, double limit_usd);
  bool removeBudget(std::string_view workspace_id, const std::string& scope);

 private:
  double sum(const std::string& where, std::vector<std::string> parameters);

  Database& database_;
};

}  // namespace orchestra::store
