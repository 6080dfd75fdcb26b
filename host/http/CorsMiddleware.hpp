// CORS for the studio's browser front end: answers preflights for configured origins (and
// refuses others with 400), and marks actual responses to allowed origins.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "host/config/Config.hpp"
#include "host/http/Middleware.hpp"

namespace orchestra::http {

class CorsMiddleware final : public Middleware {
 public:
  explicit CorsMiddleware(config::CorsSettings settings);

  std::optional<Response> before(Request& request, const RouteMatch& match) override;
  void after(const Request& request, Response& response) override;

  bool isAllowedOrigin(std::string_view origin) const;

 private:
  Response preflight(std::string_view origin, const Request& request,
                     const RouteMatch& match) const;
  void addOriginHeaders(std::string_view origin, Response& response) const;

  config::CorsSettings settings_;
  bool any_origin_ = false;
};

}  // namespace orchestra::http
