// The host's self-description: GET /api/v1/openapi.json (built once from the route table, so
// register it last) and GET /metrics in Prometheus text format.
#pragma once

#include <string>

#include "host/http/Router.hpp"
#include "host/observability/Metrics.hpp"

namespace orchestra::api {

// With a non-empty `token` (observability.metrics_token), /metrics answers only
// `Authorization: Bearer <token>`; without one it is public.
void registerMetricsRoute(http::Router& router, observability::Metrics& metrics,
                          const std::string& token = "");

// Documents every route registered so far plus itself; the document is built once, here.
void registerOpenApiRoute(http::Router& router, const std::string& version);

}  // namespace orchestra::api
