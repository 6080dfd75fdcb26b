// A request as handlers see it: method, path, query, path parameters, the body (already read
// within the size limit) and the request id. The raw Poco request stays reachable for upgrades.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SocketAddress.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/http/JsonBody.hpp"
#include "host/text/JsonDocument.hpp"

namespace orchestra::http {

class ConnectionSession;

// Who made the request, as the authentication middleware established it. Opaque here, so that
// http/ knows nothing of auth/: auth::RequestContext derives from it.
class RequestAuthentication {
 public:
  virtual ~RequestAuthentication() = default;
};

class Request {
 public:
  Request(Poco::Net::HTTPServerRequest& raw, Poco::Net::HTTPServerResponse& raw_response);

  const std::string& method() const { return raw_.getMethod(); }
  // The path without the query string, as sent (not percent-decoded).
  const std::string& path() const { return path_; }
  const std::string& query() const { return query_; }
  // The first value of a query parameter, percent-decoded ('+' is a space); nullopt when absent.
  // A malformed escape in the query is an ApiError 400.
  std::optional<std::string> queryParam(std::string_view name) const;
  // Every value of a repeatable query parameter (`?tag=a&tag=b`), in order.
  std::vector<std::string> queryParams(std::string_view name) const;
  // A header's value or an empty view when absent (names are case-insensitive).
  std::string_view header(std::string_view name) const;
  bool hasHeader(std::string_view name) const;

  // A path parameter of the matched route template ("{id}" → pathParam("id")), decoded.
  std::string_view pathParam(std::string_view name) const;
  void setPathParams(std::vector<std::pair<std::string, std::string>> params) {
    path_params_ = std::move(params);
  }

  const std::string& body() const { return body_; }
  void setBody(std::string body) { body_ = std::move(body); }
  // Frees the text once it has become the document: handlers of validated routes read only that.
  void releaseBody() { std::string().swap(body_); }

  // The body as checked against the route's request schema, defaults filled in; an absent view
  // when the route takes no body or its optional body was absent. Handlers read their input
  // from here; the view lives as long as the request's document.
  text::JsonView jsonBody() const { return json_body_ ? json_body_->root() : text::JsonView(); }
  void setJsonBody(std::optional<text::JsonDocument> body) { json_body_ = std::move(body); }
  // The document itself, for a handler that releases it before it is done (jsonBody() is then
  // absent); an empty document when there is none.
  text::JsonDocument takeJsonBody() {
    text::JsonDocument body = json_body_ ? std::move(*json_body_) : text::JsonDocument();
    json_body_.reset();
    return body;
  }

  // The matched route's JSON limits (server.json.*, tightened by the route): a handler that reads
  // the body itself (a webhook's payload, the MCP endpoint's messages) keeps to the same bounds.
  const JsonLimits& jsonLimits() const { return json_limits_; }
  void setJsonLimits(const JsonLimits& limits) { json_limits_ = limits; }
  // The body's shape as the dispatcher measured it for the in-flight budget (measureJson), for a
  // route whose handler parses the body itself: the handler refuses past the limits without a
  // second pass. Empty for other routes and empty bodies.
  const std::optional<JsonShape>& jsonShape() const { return json_shape_; }
  void setJsonShape(const JsonShape& shape) { json_shape_ = shape; }

  const std::string& requestId() const { return request_id_; }
  void setRequestId(std::string id) { request_id_ = std::move(id); }

  // The matched route's template ("/api/v1/workflows/{id}"), or empty when nothing matched;
  // metrics and logs use it so that ids never become label values.
  const std::string& routeTemplate() const { return route_template_; }
  void setRouteTemplate(std::string route_template) { route_template_ = std::move(route_template); }

  // Null until the authentication middleware accepted a bearer token.
  const std::shared_ptr<const RequestAuthentication>& authentication() const {
    return authentication_;
  }
  void setAuthentication(std::shared_ptr<const RequestAuthentication> authentication) {
    authentication_ = std::move(authentication);
  }

  const Poco::Net::SocketAddress& clientAddress() const { return raw_.clientAddress(); }
  Poco::Net::HTTPServerRequest& raw() { return raw_; }
  // Where the body is read from; null when the request did not come from a connection.
  ConnectionSession* session() const { return session_; }
  void setSession(ConnectionSession* session) { session_ = session; }
  Poco::Net::HTTPServerResponse& rawResponse() { return raw_response_; }

 private:
  Poco::Net::HTTPServerRequest& raw_;
  Poco::Net::HTTPServerResponse& raw_response_;
  std::string path_;
  std::string query_;
  std::string body_;
  std::optional<text::JsonDocument> json_body_;
  JsonLimits json_limits_;
  std::optional<JsonShape> json_shape_;
  std::string request_id_;
  std::string route_template_;
  std::vector<std::pair<std::string, std::string>> path_params_;
  ConnectionSession* session_ = nullptr;
  std::shared_ptr<const RequestAuthentication> authentication_;
};

}  // namespace orchestra::http
