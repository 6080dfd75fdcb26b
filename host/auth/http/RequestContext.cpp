#include "host/auth/http/RequestContext.hpp"

#include "host/errors/ApiError.hpp"

namespace orchestra::auth {

const Caller* authenticatedCaller(const http::Request& request) {
  const auto* context = dynamic_cast<const RequestContext*>(request.authentication().get());
  return context == nullptr ? nullptr : &context->caller();
}

const Caller& requireCaller(const http::Request& request) {
  const Caller* caller = authenticatedCaller(request);
  if (caller == nullptr) {
    throw errors::ApiError(401, "Not authenticated").withHeader("WWW-Authenticate", "Bearer");
  }
  return *caller;
}

std::string clientIpAddress(const http::Request& request, const ClientAddressResolver& addresses) {
  return addresses.resolve(request.clientAddress().host(), request.header("X-Forwarded-For"));
}

ClientInfo clientInfo(const http::Request& request, const ClientAddressResolver& addresses) {
  constexpr std::size_t kMaxUserAgentBytes = 512;
  ClientInfo client;
  client.ip_address = clientIpAddress(request, addresses);
  const std::string_view agent = request.header("User-Agent");
  if (!agent.empty()) client.user_agent = std::string(agent.substr(0, kMaxUserAgentBytes));
  return client;
}

}  // namespace orchestra::auth
