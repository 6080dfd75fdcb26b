// What a handler answers: status, body and headers. The connection serialises it in one write,
// so handlers never touch the socket; a WebSocket upgrade receives the socket after the 101.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orchestra::http {

class Reactor;
class ReactorHandler;

// A connection that switched protocols: its socket (non-blocking, now the receiver's), the bytes
// the client sent after the request, and the reactor the new handler will live on.
struct UpgradedSocket {
  int fd;
  std::string already_read;
  Reactor& reactor;
};

// Called on a worker thread after the 101 answer was sent; returns the socket's new handler,
// which the connection hands to the reactor. Never called when the 101 could not be sent.
using UpgradeHandler = std::function<std::unique_ptr<ReactorHandler>(UpgradedSocket socket)>;

// Writes one piece of a streamed body to the client; false once the client is gone (stop then).
using StreamWrite = std::function<bool(std::string_view bytes)>;
// Produces a streamed body (Server-Sent Events) on the worker thread after the head was sent;
// the connection closes when it returns, which is how the client learns the body ended.
using StreamBody = std::function<void(const StreamWrite& write)>;

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  // Set with status 101 by a handler that switches protocols (a WebSocket upgrade).
  UpgradeHandler upgrade;
  // Set by a handler that streams its body instead of filling `body` (no Content-Length).
  StreamBody stream;
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
