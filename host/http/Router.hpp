// Maps (method, path) to a handler. Templates are literal segments and `{name}` parameters;
// a path that matches with another method is a 405 (with Allow), no match at all is a 404.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/http/Request.hpp"
#include "host/http/Response.hpp"
#include "host/http/RouteDoc.hpp"
#include "host/schema/Schema.hpp"

namespace orchestra::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string path_template;
  Handler handler;
  RouteDoc doc;
  // doc.request_schema_json compiled once at registration; empty when the route takes no body.
  std::optional<schema::Schema> request_schema;
};

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> params;  // decoded values
  std::vector<std::string> allowed_methods;                 // for 405 and CORS preflight
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Throws std::invalid_argument for a malformed template, a duplicate (method, template) or a
  // request schema that does not compile: route tables are built at start-up, so a mistake
  // there stops the host (control plane).
  void add(std::string method, std::string path_template, Handler handler, RouteDoc doc = {});

  RouteMatch match(std::string_view method, std::string_view path) const;

  // Every registered route in registration order (for OpenAPI and tests).
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  struct Node;
  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace orchestra::http
