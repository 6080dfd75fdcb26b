#include "host/api/HealthApi.hpp"

#include "host/http/ErrorResponses.hpp"

namespace orchestra::api {

namespace {

constexpr const char* kStatusSchema =
    R"({"type":"object","properties":{"status":{"type":"string"}},"required":["status"]})";
constexpr const char* kReadySchema =
    R"({"type":"object","properties":{"status":{"type":"string"},"detail":{"type":"string"},)"
    R"("checks":{"type":"object","additionalProperties":{"type":"object","properties":)"
    R"({"status":{"type":"string","enum":["ok","failed"]},"detail":{"type":"string"}}}}}})";

http::Response readinessResponse(const app::Readiness& readiness) {
  const app::ReadinessReport report = readiness.evaluate();
  std::string checks = "{";
  std::string first_failure;
  for (const auto& [name, result] : report.checks) {
    if (checks.size() > 1) checks += ',';
    checks += http::jsonQuote(name);
    checks += R"(:{"status":)";
    checks += result.ok ? R"("ok")" : R"("failed")";
    if (!result.detail.empty()) checks += R"(,"detail":)" + http::jsonQuote(result.detail);
    checks += '}';
    if (!result.ok && first_failure.empty()) first_failure = name + ": " + result.detail;
  }
  checks += '}';
  if (report.ready)
    return http::Response::json(200, R"({"status":"ready","checks":)" + checks + "}");
  return http::Response::json(503, R"({"status":"not_ready","detail":)" +
                                       http::jsonQuote(first_failure) + R"(,"checks":)" + checks +
                                       "}");
}

}  // namespace

void registerHealthRoutes(http::Router& router, const app::Readiness& readiness) {
  http::RouteDoc liveness;
  liveness.summary = "Liveness: the process is up";
  liveness.description = "Touches nothing else, so a slow database never restarts the process.";
  liveness.tags = {"health"};
  liveness.responses[200] = {"The host is alive", kStatusSchema};
  router.add(
      "GET", "/health",
      [](http::Request&) { return http::Response::json(200, R"({"status":"ok"})"); },
      std::move(liveness));

  http::RouteDoc ready;
  ready.summary = "Readiness: database reachable, migrations current, plugins loaded";
  ready.tags = {"health"};
  ready.responses[200] = {"Every check passed", kReadySchema};
  ready.responses[503] = {"A check failed; the body names it", kReadySchema};
  router.add(
      "GET", "/health/ready", [&readiness](http::Request&) { return readinessResponse(readiness); },
      std::move(ready));
}

}  // namespace orchestra::api
