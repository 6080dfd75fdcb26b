// Gives every request an id: the caller's X-Request-ID when it is a sane token, a fresh random
// one otherwise; echoed in the response and carried into every log line of the request.
#pragma once

#include <string>
#include <string_view>

#include "host/http/Middleware.hpp"

namespace orchestra::http {

class RequestIdMiddleware final : public Middleware {
 public:
  std::optional<Response> before(Request& request, const RouteMatch& match) override;
  void after(const Request& request, Response& response) override;

  // 1..128 characters of [A-Za-z0-9._:-]: anything else could forge log lines or headers.
  static bool isAcceptableId(std::string_view id);
  static std::string generateId();
};

}  // namespace orchestra::http
