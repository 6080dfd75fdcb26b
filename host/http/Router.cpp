#include "host/http/Router.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "host/schema/SchemaError.hpp"
#include "host/text/PercentDecoding.hpp"

namespace orchestra::http {

// One trie node per path segment: literal children first, then at most one parameter child.
struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literal_children;
  std::unique_ptr<Node> parameter_child;
  std::string parameter_name;                           // set on a parameter child
  std::vector<std::pair<std::string, Route*>> methods;  // routes ending at this node
};

namespace {

// Splits "/a/b/" into {"a", "b", ""}: a trailing slash is a distinct (empty) segment, so
// "/health/" does not silently match "/health".
template <typename Visitor>
bool forEachSegment(std::string_view path, Visitor&& visit) {
  if (path.empty() || path.front() != '/') return false;
  std::size_t start = 1;
  while (true) {
    const auto slash = path.find('/', start);
    const std::string_view segment = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (!visit(segment)) return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

bool isParameterSegment(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

void Router::add(std::string method, std::string path_template, Handler handler, RouteDoc doc) {
  Node* node = root_.get();
  const bool well_formed = forEachSegment(path_template, [&](std::string_view segment) {
    if (isParameterSegment(segment)) {
      const std::string name(segment.substr(1, segment.size() - 2));
      if (!node->parameter_child) {
        node->parameter_child = std::make_unique<Node>();
        node->parameter_child->parameter_name = name;
      } else if (node->parameter_child->parameter_name != name) {
        throw std::invalid_argument("route " + path_template + ": parameter {" + name +
                                    "} conflicts with {" + node->parameter_child->parameter_name +
                                    "} at the same position");
      }
      node = node->parameter_child.get();
      return true;
    }
    if (segment.find_first_of("{}") != std::string_view::npos) return false;
    auto& child = node->literal_children[std::string(segment)];
    if (!child) child = std::make_unique<Node>();
    node = child.get();
    return true;
  });
  if (!well_formed) throw std::invalid_argument("malformed route template: " + path_template);
  for (const auto& [existing_method, route] : node->methods) {
    if (existing_method == method) {
      throw std::invalid_argument("route registered twice: " + method + " " + path_template);
    }
  }
  std::optional<schema::Schema> request_schema;
  if (!doc.request_schema_json.empty()) {
    try {
      request_schema = schema::Schema::compile(doc.request_schema_json);
    } catch (const schema::SchemaError& error) {
      throw std::invalid_argument("route " + method + " " + path_template +
                                  ": request schema: " + error.what());
    }
  }
  routes_.push_back(
      std::make_unique<Route>(Route{std::move(method), std::move(path_template), std::move(handler),
                                    std::move(doc), std::move(request_schema)}));
  node->methods.emplace_back(routes_.back()->method, routes_.back().get());
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  const Node* node = root_.get();
  const bool walked = forEachSegment(path, [&](std::string_view segment) {
    if (const auto it = node->literal_children.find(segment); it != node->literal_children.end()) {
      node = it->second.get();
      return true;
    }
    if (node->parameter_child && !segment.empty()) {
      auto decoded = text::percentDecode(segment);
      if (!decoded) return false;  // a broken %-escape cannot name anything
      node = node->parameter_child.get();
      result.params.emplace_back(node->parameter_name, std::move(*decoded));
      return true;
    }
    return false;
  });
  if (!walked || node->methods.empty()) {
    result.params.clear();
    return result;
  }
  for (const auto& [route_method, route] : node->methods) {
    result.allowed_methods.push_back(route_method);
    if (route_method == method) {
      result.kind = RouteMatch::Kind::kFound;
      result.route = route;
    }
  }
  // HEAD is served by the GET handler (the connection drops the body).
  if (result.kind != RouteMatch::Kind::kFound && method == "HEAD") {
    for (const auto& [route_method, route] : node->methods) {
      if (route_method == "GET") {
        result.kind = RouteMatch::Kind::kFound;
        result.route = route;
      }
    }
  }
  if (result.kind != RouteMatch::Kind::kFound) {
    result.kind = RouteMatch::Kind::kMethodNotAllowed;
    result.params.clear();
  }
  std::sort(result.allowed_methods.begin(), result.allowed_methods.end());
  return result;
}

}  // namespace orchestra::http
