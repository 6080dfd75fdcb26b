// The request pipeline: framing checks, routing, middlewares, body reading, the handler, error
// mapping, then metrics and the access log. One instance serves every connection thread.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "host/errors/ApiError.hpp"
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
  // What the layers above know about their own exceptions (a database that is down is a 503,
  // not a 500); nullopt, or no translator, leaves the 500. Called inside a catch block.
  std::function<std::optional<errors::ApiError>(const std::exception_ptr&)> translate_exception;
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
  // The answer to what a handler or middleware threw (the translator first).
  Response failed(const std::exception_ptr& error, std::string_view request_id) const;

  const Router& router_;
  std::vector<std::unique_ptr<Middleware>> middlewares_;
  observability::HttpRequestMetrics& metrics_;
  JsonParseBudget json_budget_;  // before options_: made from them before they are moved in
  DispatcherOptions options_;
};

}  // namespace orchestra::http
