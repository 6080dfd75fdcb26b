// The caller attached to an HTTP request: AuthMiddleware stores it, handlers read it. The caller
// itself (auth/Caller.hpp) knows nothing of HTTP, so the WebSocket hub can use it too.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "host/auth/Caller.hpp"
#include "host/auth/ClientAddress.hpp"
#include "host/auth/ClientInfo.hpp"
#include "host/http/Request.hpp"

namespace orchestra::auth {

class RequestContext final : public http::RequestAuthentication {
 public:
  explicit RequestContext(std::shared_ptr<const Caller> caller) : caller_(std::move(caller)) {}
  const Caller& caller() const { return *caller_; }

 private:
  std::shared_ptr<const Caller> caller_;
};

// The authenticated caller, or null on a route that does not require authentication.
const Caller* authenticatedCaller(const http::Request& request);
// The authenticated caller; throws errors::ApiError 401 when there is none (a route that forgot
// `requires_auth` fails closed).
const Caller& requireCaller(const http::Request& request);

// The workspace a request names: the body's workspace_id (creates), else the query's; nullopt
// means the caller's personal one (auth::requestedOrPersonalWorkspace).
std::optional<std::string> requestedWorkspaceId(const http::Request& request);

// The client's IP address: the peer, or the nearest untrusted X-Forwarded-For entry behind a
// configured proxy.
std::string clientIpAddress(const http::Request& request, const ClientAddressResolver& addresses);

// That address and the User-Agent (cut to 512 bytes): what sessions and the activity log keep.
ClientInfo clientInfo(const http::Request& request, const ClientAddressResolver& addresses);

}  // namespace orchestra::auth
