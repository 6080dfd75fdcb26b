#include "host/api/HealthApi.hpp"

#include "host/auth/Policy.hpp"
#include "host/http/JsonResponse.hpp"

namespace orchestra::api {

namespace {

constexpr const char* kStatusSchema =
    R"({"type":"object","properties":{"status":{"type":"string"}},"required":["status"]})";
constexpr const char* kReadySchema =
    R"({"type":"object","properties":{"status":{"type":"string"},"detail":{"type":"string"},)"
    R"("checks":{"type":"object","additionalProperties":{"type":"object","properties":)"
    R"({"status":{"type":"string","enum":["ok","failed"]},"detail":{"type":"string"}}}}}})";

http::Response readinessResponse(const observability::Readiness& readiness) {
  const observability::ReadinessReport report = readiness.evaluate();
  text::JsonWriter json;
  json.beginObject().field("status", report.ready ? "ready" : "not_ready");
  for (const auto& [name, result] : report.checks) {
    if (!result.ok) {
      json.field("detail", name + ": " + result.detail);
      break;
    }
  }
  json.key("checks").beginObject();
  for (const auto& [name, result] : report.checks) {
    json.key(name).beginObject().field("status", result.ok ? "ok" : "failed");
    if (!result.detail.empty()) json.field("detail", result.detail);
    json.endObject();
  }
  json.endObject().endObject();
  return http::jsonResponse(report.ready ? 200 : 503, std::move(json));
}

}  // namespace

void registerHealthRoutes(http::Router& router, const observability::Readiness& readiness) {
  http::RouteDoc liveness;
  liveness.summary = "Liveness: the process is up";
  liveness.description = "Touches nothing else, so a slow database never restarts the process.";
  liveness.tags = {"health"};
  liveness.action = auth::actionName(auth::Action::Public);
  liveness.responses[200] = {"The host is alive", kStatusSchema};
  text::JsonWriter alive;
  alive.beginObject().field("status", "ok").endObject();
  // Load balancers poll this many times a second: the body is written once.
  router.add(
      "GET", "/health",
      [body = std::move(alive).finish()](http::Request&) {
        return http::Response::json(200, body);
      },
      std::move(liveness));

  http::RouteDoc ready;
  ready.summary = "Readiness: database reachable, migrations current, plugins loaded";
  ready.tags = {"health"};
  ready.action = auth::actionName(auth::Action::Public);
  ready.responses[200] = {"Every check passed", kReadySchema};
  ready.responses[503] = {"A check failed; the body names it", kReadySchema};
  router.add(
      "GET", "/health/ready", [&readiness](http::Request&) { return readinessResponse(readiness); },
      std::move(ready));
}

}  // namespace orchestra::api
