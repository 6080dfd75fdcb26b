#include "host/plugins/AiGateway.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "host/observability/Logger.hpp"
#include "host/plugins/ExtensionInfo.hpp"
#include "host/plugins/HostApi.hpp"

namespace orchestra::plugins {

namespace {

constexpr std::uint64_t kFallbackMaxTokens = 4096;

Poco::JSON::Object::Ptr parseObject(std::string_view json) {
  try {
    Poco::JSON::Parser parser;
    auto parsed = parser.parse(std::string(json));
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) {
      return parsed.extract<Poco::JSON::Object::Ptr>();
    }
  } catch (const Poco::Exception&) {
    // Not JSON: the caller falls back to defaults.
  }
  return nullptr;
}

std::string stringField(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  if (object.isNull() || !object->has(key)) return {};
  const auto value = object->get(key);
  return value.isString() ? value.convert<std::string>() : std::string();
}

std::uint64_t countField(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  if (object.isNull() || !object->has(key)) return 0;
  const auto value = object->get(key);
  if (!value.isNumeric()) return 0;
  const auto number = value.convert<double>();
  return number > 0 ? static_cast<std::uint64_t>(number) : 0;
}

std::string_view errorClassOf(orc_error_class reported, orc_status status) {
  if (reported == ORC_ERROR_CLASS_TRANSIENT) return "transient";
  if (reported == ORC_ERROR_CLASS_VALIDATION) return "validation";
  if (reported == ORC_ERROR_CLASS_PERMANENT) return "permanent";
  return status == ORC_ERR_TIMEOUT || status == ORC_ERR_UNAVAILABLE ? "transient" : "permanent";
}

orc_status fail(orc_result& result, orc_status status, orc_error_class error_class,
                std::string_view message) {
  result.error_class = error_class;
  result.error_message = allocateBuffer(message);
  return status;
}

// Chat and images alike, before any budget or model is looked at.
orc_status unknownProvider(orc_result& result, const std::string& provider_id) {
  return fail(result, ORC_ERR_NOT_FOUND, ORC_ERROR_CLASS_PERMANENT,
              "no AI provider \"" + provider_id + "\" is configured (ai.providers)");
}

}  // namespace

AiGateway::AiGateway(std::map<std::string, std::unique_ptr<AiProviderInstance>> providers,
                     AiPriceTable prices, AiBudgetLimits default_limits,
                     store::AiLedgerRepository* ledger)
    : providers_(std::move(providers)),
      prices_(std::move(prices)),
      default_limits_(default_limits),
      ledger_(ledger) {}

std::vector<std::string> AiGateway::providerIds() const {
  std::vector<std::string> ids;
  for (const auto& [id, provider] : providers_)
    ids.push_back(id);
  return ids;
}

AiBudgetLimits AiGateway::limitsOf(const std::string& workspace_id) const {
  if (ledger_ == nullptr) return default_limits_;
  return default_limits_.overriddenBy(ledger_->budgets(workspace_id));
}

AiUsageReport AiGateway::usageOf(const std::string& workspace_id) const {
  if (ledger_ == nullptr) throw std::logic_error("AI usage needs the ledger");
  AiUsageReport report;
  report.period_start = currentMonthStart();
  report.budgets = limitsOf(workspace_id);
  report.by_model = ledger_->workspaceSpendByModel(workspace_id, report.period_start);
  for (const auto& spend : report.by_model)
    report.month_spend_usd += spend.cost_usd;
  return report;
}

void AiGateway::setBudget(const std::string& workspace_id, const std::string& scope,
                          std::optional<double> limit_usd) const {
  if (ledger_ == nullptr) throw std::logic_error("AI budgets need the ledger");
  if (limit_usd) {
    ledger_->setBudget(workspace_id, scope, *limit_usd);
  } else {
    ledger_->removeBudget(workspace_id, scope);
  }
}

double AiGateway::worstCase(const AiProviderInstance& provider,
                            const std::string& request_json) const {
  const auto request = parseObject(request_json);
  const auto config = parseObject(provider.configJson());
  std::string model = stringField(request, "model");
  if (model.empty()) model = stringField(config, "default_model");
  std::uint64_t max_tokens = countField(request, "max_tokens");
  if (max_tokens == 0) max_tokens = countField(config, "default_max_tokens");
  if (max_tokens == 0) max_tokens = kFallbackMaxTokens;
  return prices_.worstCaseCost(model, request_json.size(), max_tokens);
}

std::optional<orc_status> AiGateway::refuseOverBudget(const AiCallContext& context,
                                                      double worst_case_usd,
                                                      orc_result& result) const {
  if (ledger_ == nullptr || context.workspace_id.empty()) return std::nullopt;
  try {
    const AiBudgetLimits limits = limitsOf(context.workspace_id).applicableTo(context);
    const AiSpend spent = spendAgainst(*ledger_, limits, context);
    if (auto refusal = budgetRefusal(limits, spent, worst_case_usd)) {
      return fail(result, ORC_ERR_PERMISSION_DENIED, ORC_ERROR_CLASS_PERMANENT, *refusal);
    }
  } catch (const std::exception& error) {
    // Unchecked is unbounded: no call until the ledger answers again.
    return fail(result, ORC_ERR_UNAVAILABLE, ORC_ERROR_CLASS_TRANSIENT,
                std::string("cannot check the AI budgets: ") + error.what());
  }
  return std::nullopt;
}

std::string AiGateway::modelOf(const AiProviderInstance& provider, orc_status status,
                               const orc_result& result, const std::string& request_json,
                               const char* default_key) {
  std::string model;
  if (status == ORC_OK && result.data.data != nullptr) {
    model = stringField(parseObject(std::string_view(result.data.data, result.data.size)), "model");
  }
  if (model.empty()) model = stringField(parseObject(request_json), "model");
  if (model.empty()) model = stringField(parseObject(provider.configJson()), default_key);
  return model;
}

orc_status AiGateway::chat(const std::string& provider_id, const orc_ai_chat_request& request,
                           orc_result& result, orc_ai_usage& usage,
                           const AiCallContext& context) const {
  const auto found = providers_.find(provider_id);
  if (found == providers_.end()) return unknownProvider(result, provider_id);
  const AiProviderInstance& provider = *found->second;
  const std::string request_json = toString(request.request_json);
  if (auto refused = refuseOverBudget(context, worstCase(provider, request_json), result)) {
    return *refused;
  }

  const auto started = std::chrono::steady_clock::now();
  const orc_status status = provider.chat(request, result, usage);
  const auto latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - started)
                              .count();
  record(provider_id, provider, context,
         modelOf(provider, status, result, request_json, "default_model"), usage, latency_ms,
         status == ORC_OK ? "ok" : std::string(errorClassOf(result.error_class, status)));
  return status;
}

orc_status AiGateway::generateImage(const std::string& provider_id,
                                    const orc_ai_image_request& request, orc_result& result,
                                    orc_ai_usage& usage, const AiCallContext& context) const {
  const auto found = providers_.find(provider_id);
  if (found == providers_.end()) return unknownProvider(result, provider_id);
  const AiProviderInstance& provider = *found->second;
  const std::string request_json = toString(request.request_json);
  const auto parsed = parseObject(request_json);
  std::string model = stringField(parsed, "model");
  if (model.empty()) model = stringField(parseObject(provider.configJson()), "default_image_model");
  const std::uint64_t count = std::max<std::uint64_t>(1, countField(parsed, "count"));
  const double worst_case = prices_.pricesOf(model).image * static_cast<double>(count);
  if (auto refused = refuseOverBudget(context, worst_case, result)) return *refused;

  const auto started = std::chrono::steady_clock::now();
  const orc_status status = provider.generateImage(request, result, usage);
  const auto latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - started)
                              .count();
  record(provider_id, provider, context,
         modelOf(provider, status, result, request_json, "default_image_model"), usage, latency_ms,
         status == ORC_OK ? "ok" : std::string(errorClassOf(result.error_class, status)));
  return status;
}

void AiGateway::record(const std::string& provider_id, const AiProviderInstance& provider,
                       const AiCallContext& context, const std::string& model,
                       const orc_ai_usage& reported, std::int64_t latency_ms,
                       const std::string& outcome) const {
  if (ledger_ == nullptr || context.user_id.empty()) return;
  orc_ai_usage usage{};
  // The caller's struct may be an older, smaller one: fields it lacks read as zero.
  std::memcpy(&usage, &reported, std::min<std::size_t>(reported.struct_size, sizeof usage));
  store::AiCallRow row;
  row.user_id = context.user_id;
  row.workspace_id = context.workspace_id;
  row.workflow_id = context.workflow_id;
  row.execution_id = context.execution_id;
  row.node_id = context.node_id;
  row.provider_id = provider_id;
  row.extension_id = provider.extensionId();
  row.model = model;
  row.tokens =
      store::AiTokenCounts{usage.input_tokens, usage.output_tokens, usage.cached_input_tokens,
                           usage.cache_creation_input_tokens, usage.image_count};
  row.latency_ms = latency_ms;
  row.cost_usd = prices_.cost(model, row.tokens);
  row.outcome = outcome;
  try {
    ledger_->record(row);
  } catch (const std::exception& error) {
    observability::logWarning("ai", "an AI call could not be recorded in the ledger",
                              {{"provider", provider_id}, {"error", error.what()}});
  }
}

}  // namespace orchestra::plugins
