#include "host/api/SystemApi.hpp"

#include <memory>

#include "host/api/OpenApiDocument.hpp"
#include "host/auth/Crypto.hpp"
#include "host/auth/Policy.hpp"
#include "host/auth/http/AuthMiddleware.hpp"

namespace orchestra::api {

void registerMetricsRoute(http::Router& router, observability::Metrics& metrics,
                          const std::string& token) {
  http::RouteDoc doc;
  doc.summary = "Prometheus metrics";
  doc.description =
      "Requests by route template, method and status; process metrics; "
      "metrics each API area and plugin registers.";
  doc.tags = {"observability"};
  // A scraper's own token (when set), not a user's session.
  doc.action = auth::actionName(auth::Action::Public);
  if (!token.empty()) {
    doc.description += " Needs `Authorization: Bearer <observability.metrics_token>`.";
    doc.responses[401] = {"Missing or wrong metrics token", ""};
  }
  doc.responses[200] = {"Prometheus text exposition format 0.0.4", R"({"type":"string"})",
                        "text/plain; version=0.0.4"};
  router.add(
      "GET", "/metrics",
      [&metrics, token](http::Request& request) {
        // A scraper's token, not a user's session: compared in constant time so its bytes cannot
        // be guessed one by one from response times.
        if (!token.empty() && !auth::constantTimeEquals(auth::bearerToken(request), token)) {
          return auth::notAuthenticated();
        }
        return http::Response::text(200, metrics.exposition(),
                                    std::string(observability::kPrometheusContentType));
      },
      std::move(doc));
}

void registerOpenApiRoute(http::Router& router, const std::string& version) {
  http::RouteDoc doc;
  doc.summary = "This API's OpenAPI 3.1 document";
  doc.tags = {"meta"};
  doc.action = auth::actionName(auth::Action::Public);
  doc.responses[200] = {"The OpenAPI document", R"({"type":"object"})"};
  // The document must describe its own route too, so it is built after adding it; the handler
  // reads it through a shared pointer filled right after registration.
  auto document = std::make_shared<std::string>();
  router.add(
      "GET", "/api/v1/openapi.json",
      [document](http::Request&) { return http::Response::json(200, *document); }, std::move(doc));
  *document = buildOpenApiDocument(router, version);
}

}  // namespace orchestra::api
