#include "host/auth/http/RequestContext.hpp"

#include "host/errors/ApiError.hpp"

namespace orchestra::auth {

namespace {

// 401 with the challenge that says which scheme to use.
errors::ApiError notAuthenticated() {
  errors::ApiError error(401, "Not authenticated");
  error.withHeader("WWW-Authenticate", "Bearer");
  return error;
}

}  // namespace

const Caller* authenticatedCaller(const http::Request& request) {
  const auto* context = dynamic_cast<const RequestContext*>(request.authentication().get());
  return context == nullptr ? nullptr : &context->caller();
}

const Caller& requireCaller(const http::Request& request) {
  const Caller* caller = authenticatedCaller(request);
  if (caller == nullptr) {
    throw notAuthenticated();
  }
  return *caller;
}

std::optional<std::string> requestedWorkspaceId(const http::Request& request) {
  const text::JsonView body = request.jsonBody();
  if (!body.isNull("workspace_id")) return body.getValue<std::string>("workspace_id");
  return request.queryParam("workspace_id");
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
