#include "host/api/UsageApi.hpp"

#include <algorithm>

#include "host/auth/Authorization.hpp"
#include "host/auth/Policy.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::api {

namespace {

constexpr const char* kBudgetsSchema =
    R"({"type":"object","additionalProperties":false,"minProperties":1,"properties":{)"
    R"("workspace_id":{"type":"string","format":"uuid"},)"
    R"("workspace_monthly_usd":{"type":["number","null"],"minimum":0},)"
    R"("workflow_monthly_usd":{"type":["number","null"],"minimum":0},)"
    R"("execution_usd":{"type":["number","null"],"minimum":0}}})";

constexpr const char* kUsageSchema =
    R"({"type":"object","properties":{"workspace_id":{"type":"string"},)"
    R"("period_start":{"type":"string"},"spend_usd":{"type":"number"},)"
    R"("budgets":{"type":"object"},"remaining_usd":{"type":["number","null"]},)"
    R"("by_model":{"type":"array"}}})";

// A limit of 0 is "none": JSON null says so without a magic number.
void writeLimit(text::JsonWriter& json, std::string_view name, double limit) {
  json.key(name);
  if (limit > 0) {
    json.value(limit);
  } else {
    json.rawValue("null");
  }
}

http::Response usageResponse(const plugins::AiGateway& ai, const std::string& workspace) {
  const plugins::AiUsageReport report = ai.usageOf(workspace);
  text::JsonWriter json;
  json.beginObject()
      .field("workspace_id", workspace)
      .field("period_start", report.period_start)
      .field("spend_usd", report.month_spend_usd);
  json.key("budgets").beginObject();
  writeLimit(json, "workspace_monthly_usd", report.budgets.workspace_monthly_usd);
  writeLimit(json, "workflow_monthly_usd", report.budgets.workflow_monthly_usd);
  writeLimit(json, "execution_usd", report.budgets.execution_usd);
  json.endObject();
  json.key("remaining_usd");
  if (report.budgets.workspace_monthly_usd > 0) {
    json.value(std::max(report.budgets.workspace_monthly_usd - report.month_spend_usd, 0.0));
  } else {
    json.rawValue("null");
  }
  json.key("by_model").beginArray();
  for (const auto& spend : report.by_model) {
    json.beginObject()
        .field("provider", spend.provider_id)
        .field("model", spend.model)
        .field("calls", spend.calls)
        .field("input_tokens", spend.tokens.input_tokens)
        .field("output_tokens", spend.tokens.output_tokens)
        .field("cached_input_tokens", spend.tokens.cached_input_tokens)
        .field("cache_creation_input_tokens", spend.tokens.cache_creation_input_tokens)
        .field("image_count", spend.tokens.image_count)
        .field("cost_usd", spend.cost_usd)
        .endObject();
  }
  json.endArray().endObject();
  return http::jsonResponse(200, std::move(json));
}

}  // namespace

void registerUsageRoutes(http::Router& router, const plugins::AiGateway& ai,
                         const ActivityRecorder& activity) {
  http::RouteDoc read;
  read.summary = "A workspace's AI spend this month against its budgets, by model";
  read.tags = {"usage"};
  read.requires_auth = true;
  read.action = auth::actionName(auth::Action::ViewAnalytics);
  read.parameters = {{"workspace_id", "query", "default: the caller's personal workspace", false,
                      R"({"type":"string","format":"uuid"})"}};
  read.responses[200] = {"Spend and budgets (null: no limit)", kUsageSchema};
  router.add(
      "GET", "/api/v1/usage",
      [&ai](http::Request& request) {
        const auth::Caller& caller = auth::requireCaller(request);
        const std::string workspace =
            auth::requestedOrPersonalWorkspace(caller, request.queryParam("workspace_id"));
        auth::authorize(caller, workspace, auth::Action::ViewAnalytics);
        return usageResponse(ai, workspace);
      },
      std::move(read));

  http::RouteDoc write;
  write.summary = "Set a workspace's own AI budgets (USD; 0 = no limit, null = the default)";
  write.tags = {"usage"};
  write.requires_auth = true;
  write.action = auth::actionName(auth::Action::WorkspaceSettings);
  write.request_schema_json = kBudgetsSchema;
  write.responses[200] = {"Spend and the budgets now in force", kUsageSchema};
  write.responses[403] = {"Only administrators and owners change budgets", ""};
  router.add(
      "PUT", "/api/v1/usage/budgets",
      [&ai, &activity](http::Request& request) {
        const auth::Caller& caller = auth::requireCaller(request);
        const text::JsonView body = request.jsonBody();
        std::optional<std::string> requested;
        if (body.has("workspace_id")) requested = body.getValue<std::string>("workspace_id");
        const std::string workspace = auth::requestedOrPersonalWorkspace(caller, requested);
        auth::authorize(caller, workspace, auth::Action::WorkspaceSettings);
        for (const std::string_view scope : plugins::kBudgetScopes) {
          const std::string name = std::string(scope) + "_usd";
          if (!body.has(name)) continue;
          const auto value = body.get(name);
          ai.setBudget(workspace, std::string(scope),
                       value.isNull() ? std::nullopt : std::optional<double>(value.as<double>()));
        }
        text::JsonWriter details;
        details.beginObject();
        for (const std::string_view scope : plugins::kBudgetScopes) {
          const std::string name = std::string(scope) + "_usd";
          if (body.has(name)) details.field(name, body.get(name));
        }
        details.endObject();
        activity.record(request, {workspace, "budgets.updated", "workspace", workspace,
                                  std::move(details).finish()});
        return usageResponse(ai, workspace);
      },
      std::move(write));
}

}  // namespace orchestra::api
