// The plan's request budgets as a middleware: request-otp and verify-otp per client IP, /api/*
// per user (per IP before login), /api/v1/tools/ai/* and /api/v1/tools/web/* per user. Over
// budget: 429 with Retry-After; every limited response carries X-RateLimit-Limit/Remaining/Reset.
#pragma once

#include <memory>

#include "host/auth/ClientAddress.hpp"
#include "host/auth/RateLimiter.hpp"
#include "host/config/Config.hpp"
#include "host/http/Middleware.hpp"

namespace orchestra::auth {

class RateLimitMiddleware final : public http::Middleware {
 public:
  RateLimitMiddleware(RateLimiter& limiter, const ClientAddressResolver& addresses,
                      config::RateLimitSettings settings)
      : limiter_(limiter), addresses_(addresses), settings_(settings) {}

  std::optional<http::Response> before(http::Request& request,
                                       const http::RouteMatch& match) override;
  void after(const http::Request& request, http::Response& response) override;

 private:
  RateLimiter& limiter_;
  const ClientAddressResolver& addresses_;
  config::RateLimitSettings settings_;
};

}  // namespace orchestra::auth
