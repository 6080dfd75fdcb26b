#include "host/http/CorsMiddleware.hpp"

#include <Poco/String.h>

#include <algorithm>
#include <array>

#include "host/http/ErrorResponses.hpp"

namespace orchestra::http {

namespace {

constexpr std::array<std::string_view, 6> kAllowedRequestHeaders = {
    "accept",       "authorization",   "content-type",
    "x-request-id", "accept-language", "content-language"};
constexpr std::string_view kAllowedRequestHeadersValue =
    "Accept, Accept-Language, Authorization, Content-Language, Content-Type, X-Request-ID";
constexpr std::string_view kExposedHeaders =
    "X-Request-ID, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset";
constexpr std::array<std::string_view, 6> kDefaultMethods = {"DELETE", "GET",  "OPTIONS",
                                                             "PATCH",  "POST", "PUT"};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

// Every header named in Access-Control-Request-Headers must be one we accept.
bool requestedHeadersAllowed(std::string_view requested) {
  while (!requested.empty()) {
    const auto comma = requested.find(',');
    const std::string name = Poco::toLower(std::string(trim(requested.substr(0, comma))));
    requested = comma == std::string_view::npos ? std::string_view{} : requested.substr(comma + 1);
    if (name.empty()) continue;
    if (std::find(kAllowedRequestHeaders.begin(), kAllowedRequestHeaders.end(), name) ==
        kAllowedRequestHeaders.end()) {
      return false;
    }
  }
  return true;
}

}  // namespace

CorsMiddleware::CorsMiddleware(config::CorsSettings settings) : settings_(std::move(settings)) {
  any_origin_ = std::find(settings_.allowed_origins.begin(), settings_.allowed_origins.end(),
                          "*") != settings_.allowed_origins.end();
}

bool CorsMiddleware::isAllowedOrigin(std::string_view origin) const {
  if (origin.empty()) return false;
  if (any_origin_) return true;
  return std::find(settings_.allowed_origins.begin(), settings_.allowed_origins.end(), origin) !=
         settings_.allowed_origins.end();
}

std::optional<Response> CorsMiddleware::before(Request& request, const RouteMatch& match) {
  const std::string_view origin = request.header("Origin");
  if (origin.empty() || request.method() != "OPTIONS" ||
      !request.hasHeader("Access-Control-Request-Method")) {
    return std::nullopt;
  }
  return preflight(origin, request, match);
}

Response CorsMiddleware::preflight(std::string_view origin, const Request& request,
                                   const RouteMatch& match) const {
  if (!isAllowedOrigin(origin)) return errorResponse(400, "Disallowed CORS origin");

  std::vector<std::string> methods = match.allowed_methods;
  if (methods.empty()) methods.assign(kDefaultMethods.begin(), kDefaultMethods.end());
  const std::string_view requested_method = request.header("Access-Control-Request-Method");
  if (std::find(methods.begin(), methods.end(), requested_method) == methods.end()) {
    return errorResponse(400, "Disallowed CORS method");
  }
  if (!requestedHeadersAllowed(request.header("Access-Control-Request-Headers"))) {
    return errorResponse(400, "Disallowed CORS headers");
  }

  Response response = Response::noContent();
  addOriginHeaders(origin, response);
  std::string method_list;
  for (const auto& method : methods) {
    if (!method_list.empty()) method_list += ", ";
    method_list += method;
  }
  response.setHeader("Access-Control-Allow-Methods", std::move(method_list));
  response.setHeader("Access-Control-Allow-Headers", std::string(kAllowedRequestHeadersValue));
  response.setHeader("Access-Control-Max-Age", std::to_string(settings_.max_age_seconds));
  return response;
}

void CorsMiddleware::after(const Request& request, Response& response) {
  const std::string_view origin = request.header("Origin");
  if (!isAllowedOrigin(origin)) return;
  if (response.findHeader("Access-Control-Allow-Origin")) return;  // a preflight answer
  addOriginHeaders(origin, response);
  response.setHeader("Access-Control-Expose-Headers", std::string(kExposedHeaders));
}

void CorsMiddleware::addOriginHeaders(std::string_view origin, Response& response) const {
  // With credentials the origin must be echoed; "*" is only valid without them (the config
  // loader refuses the combination).
  response.setHeader("Access-Control-Allow-Origin",
                     any_origin_ && !settings_.allow_credentials ? "*" : std::string(origin));
  if (settings_.allow_credentials) response.setHeader("Access-Control-Allow-Credentials", "true");
  response.setHeader("Vary", "Origin");
}

}  // namespace orchestra::http
