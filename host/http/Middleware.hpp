// A step around every request: `before` may answer early (CORS preflight, later auth and rate
// limits), `after` decorates every response, errors included. Middlewares run in order, `after`
// in reverse.
#pragma once

#include <optional>

#include "host/http/Request.hpp"
#include "host/http/Response.hpp"
#include "host/http/Router.hpp"

namespace orchestra::http {

class Middleware {
 public:
  virtual ~Middleware() = default;
  // `match` is the router's verdict for this request (found, 404 or 405): a middleware may answer
  // before it is acted on, as a CORS preflight to any path must.
  virtual std::optional<Response> before(Request& /*request*/, const RouteMatch& /*match*/) {
    return std::nullopt;
  }
  virtual void after(const Request& /*request*/, Response& /*response*/) {}
};

}  // namespace orchestra::http
