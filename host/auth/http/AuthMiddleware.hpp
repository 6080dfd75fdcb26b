// Enforces RouteDoc::requires_auth: such a route runs only with a valid access token of a live
// session (or a workspace API key, on routes with RouteDoc::accepts_api_keys) (401 {"detail": "Not
// authenticated"} with WWW-Authenticate: Bearer otherwise), and its handler finds the caller in the
// request (auth::requireCaller).
#pragma once

#include <memory>
#include <vector>

#include "host/auth/AuthServices.hpp"
#include "host/auth/SessionService.hpp"
#include "host/http/Middleware.hpp"

namespace orchestra::auth {

class AuthMiddleware final : public http::Middleware {
 public:
  AuthMiddleware(SessionService& sessions, ApiKeyService& api_keys)
      : sessions_(sessions), api_keys_(api_keys) {}

  std::optional<http::Response> before(http::Request& request,
                                       const http::RouteMatch& match) override;

 private:
  SessionService& sessions_;
  ApiKeyService& api_keys_;
};

// The token of an "Authorization: Bearer <token>" header (scheme case-insensitive), or empty.
std::string_view bearerToken(const http::Request& request);

// The access token of a WebSocket upgrade: the Authorization header, else `?token=`, else the
// subprotocol pair "bearer, <token>" (what a browser can send). Empty when none is there.
std::string webSocketToken(const http::Request& request);

// The 401 every authentication failure gets: one text, so failures cannot be told apart.
http::Response notAuthenticated();

// Authentication first, then rate limits (per-user budgets need the caller).
std::vector<std::unique_ptr<http::Middleware>> makeAuthMiddlewares(AuthServices& services);

}  // namespace orchestra::auth
