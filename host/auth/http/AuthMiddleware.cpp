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

http::Response notAuthenticated() {
  http::Response response = http::errorResponse(401, "Not authenticated");
  response.setHeader("WWW-Authenticate", "Bearer");
  return response;
}

std::optional<http::Response> AuthMiddleware::before(http::Request& request,
                                                     const http::RouteMatch& match) {
  const bool optional_auth =
      match.kind != http::RouteMatch::Kind::kFound || !match.route->doc.requires_auth;
  const std::string_view token = bearerToken(request);
  if (token.empty()) {
    if (optional_auth) return std::nullopt;
    return notAuthenticated();
  }
  auto caller = sessions_.authenticate(token);
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
  middlewares.push_back(std::make_unique<AuthMiddleware>(services.sessions()));
  middlewares.push_back(std::make_unique<RateLimitMiddleware>(
      services.limiter(), services.addresses(), services.rateLimitSettings()));
  return middlewares;
}

}  // namespace orchestra::auth
