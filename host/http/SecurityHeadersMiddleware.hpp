// Adds the plan's security headers to every response (nosniff, DENY framing, HSTS, CSP, ...),
// errors included.
#pragma once

#include "host/http/Middleware.hpp"

namespace orchestra::http {

class SecurityHeadersMiddleware final : public Middleware {
 public:
  void after(const Request& request, Response& response) override;
  // For answers written outside the pipeline (requests too malformed to route).
  static void apply(Response& response);
};

}  // namespace orchestra::http
