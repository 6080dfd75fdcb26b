#include "host/http/RequestDispatcher.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "host/errors/ApiError.hpp"
#include "host/http/ErrorResponses.hpp"
#include "host/http/SchemaIssues.hpp"
#include "host/observability/Logger.hpp"

namespace orchestra::http {

namespace {
constexpr std::string_view kUnmatchedRoute = "unmatched";

// A 404/405 answer leaves any body unread; the connection must then close.
bool bodyLeftUnread(const Request& request) {
  return request.hasHeader("Transfer-Encoding") ||
         (request.hasHeader("Content-Length") && request.header("Content-Length") != "0");
}
// The route's own bounds where they are tighter than the server's.
BodyLimits bodyLimitsFor(const Route& route, BodyLimits limits) {
  if (route.doc.max_body_bytes > 0) {
    limits.max_bytes = std::min(limits.max_bytes, route.doc.max_body_bytes);
  }
  return limits;
}
JsonLimits jsonLimitsFor(const Route& route, JsonLimits limits) {
  if (route.doc.max_json_values > 0) {
    limits.max_values = std::min(limits.max_values, route.doc.max_json_values);
  }
  return limits;
}

// The answer past the JSON budget: the client may retry at once, the budget frees in moments.
errors::ApiError serverBusy() {
  errors::ApiError busy(503, "The server is busy with other large requests; retry shortly");
  busy.withHeader("Retry-After", "1");
  return busy;
}

// Parses the measured body, fills the schema's defaults and validates; the handler then reads
// request.jsonBody(). Every problem is reported at once, located under "body".
void checkJsonBody(Request& request, const Route& route, const JsonShape& shape,
                   const JsonLimits& limits) {
  // Filled in place: the parsed document is this request's alone, and a copy would double the
  // memory of a large body while it is validated.
  text::JsonDocument completed = parseJsonObject(request.body(), shape, limits);
  rapidjson::Document& document = completed.document();
  route.request_schema->applyDefaultsInPlace(document, document.GetAllocator());
  const schema::ValidationResult result = route.request_schema->validate(document);
  if (!result.valid()) {
    throw errors::ApiError::validation(toValidationIssues(result, {"body"}),
                                       result.omittedIssues());
  }
  request.setJsonBody(std::move(completed));
  // The routes whose handlers read the text (webhooks, the MCP endpoint) have no request schema;
  // without the text, a large save holds one body less through the check and the store.
  request.releaseBody();
}

}  // namespace

RequestDispatcher::RequestDispatcher(const Router& router,
                                     std::vector<std::unique_ptr<Middleware>> middlewares,
                                     observability::HttpRequestMetrics& metrics,
                                     DispatcherOptions options)
    : router_(router),
      middlewares_(std::move(middlewares)),
      metrics_(metrics),
      json_budget_(options.json_in_flight_budget_bytes),
      options_(std::move(options)) {}

Response RequestDispatcher::failed(const std::exception_ptr& error,
                                   std::string_view request_id) const {
  if (options_.translate_exception) {
    try {
      if (auto known = options_.translate_exception(error)) return errorResponse(*known);
    } catch (...) {  // a translator that fails leaves the 500 below
    }
  }
  return responseForException(error, request_id);
}

Response RequestDispatcher::dispatch(Request& request) noexcept {
  const auto started = std::chrono::steady_clock::now();
  Response response;
  try {
    const RouteMatch match = router_.match(request.method(), request.path());
    if (match.kind == RouteMatch::Kind::kFound) {
      request.setRouteTemplate(match.route->path_template);
      request.setPathParams(match.params);
    }
    response = route(request, match);
  } catch (...) {
    response = failed(std::current_exception(), request.requestId());
  }
  // `after` runs for every answer, errors included, so that CORS, security headers and the
  // request id are on all of them.
  std::for_each(middlewares_.rbegin(), middlewares_.rend(), [&](const auto& middleware) {
    try {
      middleware->after(request, response);
    } catch (...) {
      response = failed(std::current_exception(), request.requestId());
    }
  });
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  finish(request, response, elapsed.count());
  return response;
}

Response RequestDispatcher::route(Request& request, const RouteMatch& match) {
  for (const auto& middleware : middlewares_) {
    if (auto early = middleware->before(request, match)) return std::move(*early);
  }
  // Framing is checked before the 404/405 verdict: leftover body bytes must never be parsed as
  // a next request, whatever the path.
  if (auto refused = checkBodyFraming(request, options_.body_limits)) return std::move(*refused);
  if (match.kind == RouteMatch::Kind::kNotFound) {
    Response response = errorResponse(404, "Not Found");
    response.close_connection = bodyLeftUnread(request);
    return response;
  }
  if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
    Response response = errorResponse(405, "Method Not Allowed");
    std::string allow;
    for (const auto& method : match.allowed_methods) {
      if (!allow.empty()) allow += ", ";
      allow += method;
    }
    response.setHeader("Allow", std::move(allow));
    response.close_connection = bodyLeftUnread(request);
    return response;
  }
  return runRoute(request, *match.route);
}

Response RequestDispatcher::runRoute(Request& request, const Route& route) {
  if (auto refused = readBody(request, bodyLimitsFor(route, options_.body_limits))) {
    return std::move(*refused);
  }
  const JsonLimits limits = jsonLimitsFor(route, options_.json_limits);
  request.setJsonLimits(limits);
  // Held until the handler is done with the document.
  std::optional<JsonParseBudget::Reservation> reservation;
  if (route.request_schema && !(request.body().empty() && route.doc.request_body_optional)) {
    const JsonShape shape = measureJsonBody(request.body(), limits);
    reservation.emplace(json_budget_, estimatedCompactParseBytes(request.body().size(), shape));
    if (!reservation->granted()) throw serverBusy();
    checkJsonBody(request, route, shape, limits);
  } else if (route.doc.json_body_read_by_handler && !request.body().empty()) {
    // The handler refuses what is past the limits itself, in its own protocol's errors; until
    // then the body may hold at most what the limits allow.
    const JsonShape shape = measureJson(request.body(), limits);
    request.setJsonShape(shape);
    reservation.emplace(
        json_budget_,
        std::min(estimatedCompactParseBytes(request.body().size(), shape),
                 static_cast<std::int64_t>(kMaxBodyCostFactor * request.body().size())));
    if (!reservation->granted()) throw serverBusy();
  }
  Response response = route.handler(request);
  request.setJsonBody(std::nullopt);  // the document's memory goes back with its reservation
  // A chunked body's end was trusted to Poco's parser; closing afterwards denies any leftover
  // bytes a chance to become a smuggled request.
  if (request.hasHeader("Transfer-Encoding")) response.close_connection = true;
  return response;
}

void RequestDispatcher::finish(Request& request, Response& response,
                               double duration_seconds) noexcept {
  try {
    const std::string_view route = request.routeTemplate().empty()
                                       ? kUnmatchedRoute
                                       : std::string_view(request.routeTemplate());
    metrics_.record(route, request.method(), response.status, duration_seconds);
    if (options_.access_log && observability::logEnabled(observability::LogLevel::Info)) {
      observability::logInfo("http.access", "request",
                             {{"method", request.method()},
                              {"path", request.path()},
                              {"route", route},
                              {"status", static_cast<std::int64_t>(response.status)},
                              {"duration_ms", duration_seconds * 1000.0},
                              {"request_id", request.requestId()},
                              {"remote_addr", request.clientAddress().host().toString()}});
    }
  } catch (...) {
    // Observability must never turn an answered request into a failure.
  }
}

}  // namespace orchestra::http
