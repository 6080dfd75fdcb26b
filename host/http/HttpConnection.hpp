// One accepted TCP connection: reads requests in a keep-alive loop, hands them to the
// dispatcher and writes each response in a single send. Replaces Poco's HTTPServerConnection
// so that requests Poco cannot parse still get the plan's JSON error shape.
#pragma once

#include <Poco/Net/TCPServerConnection.h>

#include "host/http/Response.hpp"

namespace orchestra::http {

class HttpServer;

class HttpConnection final : public Poco::Net::TCPServerConnection {
 public:
  HttpConnection(const Poco::Net::StreamSocket& socket, HttpServer& server);
  ~HttpConnection() override;

  void run() override;

  // Wakes a connection that waits for its next request (server shutdown).
  void interrupt() noexcept;

 private:
  void write(const Response& response, bool keep_alive, bool head_request);
  void writeError(int status, std::string_view detail) noexcept;

  HttpServer& server_;
};

}  // namespace orchestra::http
