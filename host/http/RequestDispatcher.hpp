// The request pipeline: framing checks, routing, middlewares, body reading, the handler, error
// mapping, then metrics and the access log. One instance serves every connection thread.
#pragma once

#include <memory>
#include <vector>

#include "host/http/BodyReader.hpp"
#include "host/http/JsonBody.hpp"
#include "host/http/JsonParseBudget.hpp"
#include "host/http/Middleware.hpp"
#include "host/http/Router.hpp"
#include "host/observability/HttpRequestMetrics.hpp"

namespace orchestra::http {

struct DispatcherOptions {
  BodyLimits body_limits;
  JsonLimits json_limits;
  // Estimated memory of the JSON documents all requests parse at once (see JsonParseBudget);
  // 0: no budget.
  std::int64_t json_in_flight_budget_bytes = 0;
  bool access_log = true;
};

class RequestDispatcher {
 public:
  RequestDispatcher(const Router& router, std::vector<std::unique_ptr<Middleware>> middlewares,
                    observability::HttpRequestMetrics& metrics, DispatcherOptions options);

  // Never throws: every failure becomes a response in the plan's error shape.
  Response dispatch(Request& request) noexcept;

 private:
  Response route(Request& request, const RouteMatch& match);
  Response runRoute(Request& request, const Route& route);
  void finish(Request& request, Response& response, double duration_seconds) noexcept;

  const Router& router_;
  std::vector<std::unique_ptr<Middleware>> middlewares_;
  observability::HttpRequestMetrics& metrics_;
  DispatcherOptions options_;
  JsonParseBudget json_budget_;
};

}  // namespace orchestra::http
