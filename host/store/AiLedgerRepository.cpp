#include "host/store/AiLedgerRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <array>
#include <utility>

#include "host/store/SqlValues.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::store {

using Poco::Nullable;
using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

namespace {

Nullable<std::string> optionalId(const std::string& id) {
  auto canonical = canonicalUuid(id);
  return canonical ? Nullable<std::string>(*canonical) : Nullable<std::string>();
}

// The token kinds under the names the ledger's dimensions (and GET /usage) use.
using TokenField = std::pair<const char*, std::uint64_t AiTokenCounts::*>;
constexpr std::array<TokenField, 5> kTokenFields = {
    TokenField{"input_tokens", &AiTokenCounts::input_tokens},
    TokenField{"output_tokens", &AiTokenCounts::output_tokens},
    TokenField{"cached_input_tokens", &AiTokenCounts::cached_input_tokens},
    TokenField{"cache_creation_input_tokens", &AiTokenCounts::cache_creation_input_tokens},
    TokenField{"image_count", &AiTokenCounts::image_count}};

std::string dimensions(const AiCallRow& call) {
  text::JsonWriter json;
  json.beginObject();
  json.key("provider").value(call.provider_id);
  json.key("extension").value(call.extension_id);
  json.key("model").value(call.model);
  for (const auto& [name, member] : kTokenFields)
    json.key(name).value(call.tokens.*member);
  json.key("latency_ms").value(call.latency_ms);
  json.key("cost_usd").value(call.cost_usd);
  json.key("outcome").value(call.outcome);
  if (!call.node_id.empty()) json.key("node_id").value(call.node_id);
  if (!call.execution_id.empty()) json.key("execution_id").value(call.execution_id);
  if (!call.workspace_id.empty()) json.key("workspace_id").value(call.workspace_id);
  json.endObject();
  return std::move(json).finish();
}

std::uint64_t tokens(const Poco::JSON::Object& object, const std::string& key) {
  return object.has(key) ? object.getValue<std::uint64_t>(key) : 0;
}

// The model and token counts of one ledger row's dimensions (written by record() above).
AiModelSpend readModelSpend(const std::string& dimensions_json) {
  AiModelSpend spend;
  try {
    Poco::JSON::Parser parser;
    const auto object = parser.parse(dimensions_json).extract<Poco::JSON::Object::Ptr>();
    spend.provider_id = object->optValue<std::string>("provider", "");
    spend.model = object->optValue<std::string>("model", "");
    for (const auto& [name, member] : kTokenFields)
      spend.tokens.*member = tokens(*object, name);
  } catch (const Poco::Exception&) {
    spend.model = "(unreadable ledger row)";
  }
  return spend;
}

}  // namespace

AiTokenCounts& AiTokenCounts::operator+=(const AiTokenCounts& other) {
  for (const auto& [name, member] : kTokenFields)
    this->*member += other.*member;
  return *this;
}

void AiLedgerRepository::record(const AiCallRow& call) {
  const Dialect& dialect = database_.dialect();
  std::string id = newUuid();
  std::string user_id = canonicalUuid(call.user_id).value_or(call.user_id);
  Nullable<std::string> workflow_id = optionalId(call.workflow_id);
  Nullable<std::string> workspace_id = optionalId(call.workspace_id);
  Nullable<std::string> execution_id = optionalId(call.execution_id);
  std::string metric_type = "ai_call";
  double value = call.cost_usd;
  double cost = call.cost_usd;
  std::string dimensions_json = dimensions(call);
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql(
      "INSERT INTO analytics_metrics (id, user_id, workflow_id, metric_type, "
      "metric_value, dimensions, workspace_id, execution_id, cost_usd) VALUES "
      "(?, ?, ?, ?, ?, " +
      std::string(dialect.jsonParameter()) + ", ?, ?, ?)"),
      use(id), use(user_id), use(workflow_id), use(metric_type), use(value), use(dimensions_json),
      use(workspace_id), use(execution_id), use(cost);
  translatingErrors(dialect, "cannot record an AI call", [&] { return statement.execute(); });
}

double AiLedgerRepository::sum(const std::string& where, std::vector<std::string> parameters) {
  const Dialect& dialect = database_.dialect();
  Session session = database_.session();
  Nullable<double> total;
  Statement statement(session);
  statement << dialect.sql(
      "SELECT SUM(cost_usd) FROM analytics_metrics WHERE metric_type = "
      "'ai_call' AND " +
      where);
  for (auto& parameter : parameters)
    statement, use(parameter);
  statement, into(total);
  translatingErrors(dialect, "cannot sum AI spend", [&] { return statement.execute(); });
  return total.isNull() ? 0.0 : total.value();
}

double AiLedgerRepository::workspaceSpendSince(std::string_view workspace_id,
                                               const std::string& since) {
  auto workspace = canonicalUuid(workspace_id);
  if (!workspace) return 0;
  return sum("workspace_id = ? AND timestamp >= ?", {*workspace, since});
}

double AiLedgerRepository::workflowSpendSince(std::string_view workflow_id,
                                              const std::string& since) {
  auto workflow = canonicalUuid(workflow_id);
  if (!workflow) return 0;
  return sum("workflow_id = ? AND timestamp >= ?", {*workflow, since});
}

double AiLedgerRepository::executionSpend(std::string_view execution_id) {
  auto execution = canonicalUuid(execution_id);
  if (!execution) return 0;
  return sum("execution_id = ?", {*execution});
}

std::vector<AiModelSpend> AiLedgerRepository::workspaceSpendByModel(std::string_view workspace_id,
                                                                    const std::string& since) {
  std::vector<AiModelSpend> out;
  auto workspace = canonicalUuid(workspace_id);
  if (!workspace) return out;
  const Dialect& dialect = database_.dialect();
  std::string workspace_text = *workspace;
  std::string since_text = since;
  Session session = database_.session();
  // Token counts live in dimensions (JSON): read row by row and add up here; a month of one
  // workspace's calls is what GET /usage reads, not the hot path.
  std::string dimensions_json;
  Nullable<double> cost;
  Statement statement(session);
  statement << dialect.sql("SELECT " + dialect.jsonAsText("dimensions") +
                           ", cost_usd FROM analytics_metrics WHERE metric_type = 'ai_call' AND "
                           "workspace_id = ? AND timestamp >= ?"),
      use(workspace_text), use(since_text), into(dimensions_json), into(cost), range(0, 1);
  std::vector<std::pair<std::string, double>> rows;
  translatingErrors(dialect, "cannot read AI spend", [&] {
    while (!statement.done()) {
      if (statement.execute() == 0) break;
      rows.emplace_back(dimensions_json, cost.isNull() ? 0.0 : cost.value());
    }
  });
  for (const auto& [json, row_cost] : rows) {
    AiModelSpend spend = readModelSpend(json);
    spend.cost_usd = row_cost;
    auto same = std::find_if(out.begin(), out.end(), [&](const AiModelSpend& entry) {
      return entry.provider_id == spend.provider_id && entry.model == spend.model;
    });
    if (same == out.end()) {
      spend.calls = 1;
      out.push_back(spend);
      continue;
    }
    same->calls += 1;
    same->tokens += spend.tokens;
    same->cost_usd += spend.cost_usd;
  }
  return out;
}

std::vector<AiBudgetRow> AiLedgerRepository::budgets(std::string_view workspace_id) {
  std::vector<AiBudgetRow> out;
  auto workspace = canonicalUuid(workspace_id);
  if (!workspace) return out;
  const Dialect& dialect = database_.dialect();
  std::string workspace_text = *workspace;
  std::string scope;
  double limit = 0;
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql("SELECT scope, limit_usd FROM ai_budgets WHERE workspace_id = ?"),
      use(workspace_text), into(scope), into(limit), range(0, 1);
  translatingErrors(dialect, "cannot read AI budgets", [&] {
    while (!statement.done()) {
      if (statement.execute() == 0) break;
      out.push_back({scope, limit});
    }
  });
  return out;
}

void AiLedgerRepository::setBudget(std::string_view workspace_id, const std::string& scope,
                                   double limit_usd) {
  const Dialect& dialect = database_.dialect();
  std::string workspace_text = canonicalUuid(workspace_id).value_or(std::string(workspace_id));
  std::string scope_text = scope;
  double limit = limit_usd;
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql(
      "INSERT INTO ai_budgets (workspace_id, scope, limit_usd) VALUES (?, ?, ?) "
      "ON CONFLICT (workspace_id, scope) DO UPDATE SET limit_usd = "
      "excluded.limit_usd, updated_at = " +
      std::string(dialect.nowExpression())),
      use(workspace_text), use(scope_text), use(limit);
  translatingErrors(dialect, "cannot set an AI budget", [&] { return statement.execute(); });
}

bool AiLedgerRepository::removeBudget(std::string_view workspace_id, const std::string& scope) {
  auto workspace = canonicalUuid(workspace_id);
  if (!workspace) return false;
  const Dialect& dialect = database_.dialect();
  std::string workspace_text = *workspace;
  std::string scope_text = scope;
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql("DELETE FROM ai_budgets WHERE workspace_id = ? AND scope = ?"),
      use(workspace_text), use(scope_text);
  std::size_t removed = 0;
  translatingErrors(dialect, "cannot remove an AI budget", [&] { removed = statement.execute(); });
  return removed > 0;
}

}  // namespace orchestra::store
