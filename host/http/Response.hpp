// What a handler answers: status, body and headers. The connection serialises it in one write,
// so handlers never touch the socket (WebSocket upgrades take the raw Poco objects instead).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orchestra::http {

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  // Set when a handler took the connection over (a WebSocket upgrade): nothing more is written.
  bool taken_over = false;
  // Set when the rest of the request was not read (framing errors, oversized bodies): the
  // connection must close instead of parsing leftover bytes as a next request.
  bool close_connection = false;

  static Response json(int status, std::string body) {
    Response response;
    response.status = status;
    response.body = std::move(body);
    return response;
  }
  static Response text(int status, std::string body, std::string content_type) {
    Response response;
    response.status = status;
    response.body = std::move(body);
    response.content_type = std::move(content_type);
    return response;
  }
  static Response noContent() {
    Response response;
    response.status = 204;
    response.content_type.clear();
    return response;
  }

  // Replaces a header of the same name (case-insensitive) or adds it.
  void setHeader(std::string_view name, std::string value);
  const std::string* findHeader(std::string_view name) const;
};

}  // namespace orchestra::http
