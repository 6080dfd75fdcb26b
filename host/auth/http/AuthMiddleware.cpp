#include "host/auth/http/AuthMiddleware.hpp"

#include <Poco/String.h>

#include "host/auth/http/RateLimitMiddleware.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/http/ErrorResponses.hpp"

namespace orchestra::auth {

std::string_view bearerToken(const http::Request& request) {
  const std::string_view header = request.header("Authorization");
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size()) return {};
  if (Poco::icompare(std::string(header.substr(0, kScheme.size())), std::string(kScheme)) != 0) {
    return {};
  }
  std::string_view token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ')
    token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ')
    token.remove_suffix(1);
  return token;
}

std::string webSocketToken(const http::Request& request) {
  if (const std::string_view header = bearerToken(request); !header.empty()) {
    return std::string(header);
  }
  if (auto token = request.queryParam("token"); token && !token->empty()) return *token;
  // "bearer, <token>" among the offered subprotocols (comma-separated, spaces around).
  std::string_view offered = request.header("Sec-WebSocket-Protocol");
  bool after_bearer = false;
  while (!offered.empty()) {
    const std::size_t comma = offered.find(',');
    std::string_view element = offered.substr(0, comma);
    while (!element.empty() && element.front() == ' ')
      element.remove_prefix(1);
    while (!element.empty() && element.back() == ' ')
      element.remove_suffix(1);
    if (after_bearer) return std::string(element);
    after_bearer = Poco::icompare(std::string(element), "bearer") == 0;
    if (comma == std::string_view::npos) break;
    offered.remove_prefix(comma + 1);
  }
  return {};
}

http::Response notAuthenticated() {
  http::Response response = http::errorResponse(401, "Not authenticated");
  response.setHeader("WWW-Authenticate", "Bearer");
  return response;
}

std::optional<http::Response> AuthMiddleware::before(http::Request& request,
                                                     const http::RouteMatch& match) {
  const bool found = match.kind == http::RouteMatch::Kind::kFound;
  const bool optional_auth = !found || !match.route->doc.requires_auth;
  std::string websocket_token;
  std::string_view token = bearerToken(request);
  if (token.empty() && found && match.route->doc.websocket) {
    websocket_token = webSocketToken(request);
    token = websocket_token;
  }
  if (token.empty()) {
    if (optional_auth) return std::nullopt;
    return notAuthenticated();
  }
  const bool api_key = token.substr(0, kApiKeyPrefix.size()) == kApiKeyPrefix;
  std::shared_ptr<const Caller> caller;
  if (!api_key) {
    caller = sessions_.authenticate(token);
  } else if (found && match.route->doc.accepts_api_keys) {
    caller = api_keys_.authenticate(token);
  }
  if (!caller) {
    // A bad token on a public route is ignored rather than refused: the route does not need it.
    if (optional_auth) return std::nullopt;
    return notAuthenticated();
  }
  request.setAuthentication(std::make_shared<const RequestContext>(std::move(caller)));
  return std::nullopt;
}

std::vector<std::unique_ptr<http::Middleware>> makeAuthMiddlewares(AuthServices& services) {
  std::vector<std::unique_ptr<http::Middleware>> middlewares;
  middlewares.push_back(std::make_unique<AuthMiddleware>(services.sessions(), services.apiKeys()));
  middlewares.push_back(std::make_unique<RateLimitMiddleware>(
      services.limiter(), services.addresses(), services.rateLimitSettings()));
  return middlewares;
}

}  // namespace orchestra::auth
