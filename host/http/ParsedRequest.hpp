// Poco's server request and response interfaces over a head our own parser read (RequestHead),
// so that http::Request, the middlewares and the handlers keep seeing the Poco objects they know.
#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SocketAddress.h>

#include <sstream>

#include "host/http/RequestHead.hpp"

namespace orchestra::http {

class ConnectionSession;

// Answers are http::Response values written by the connection; only 100 Continue goes through
// this object, everything else Poco would send from here is refused.
class ParsedServerResponse final : public Poco::Net::HTTPServerResponse {
 public:
  explicit ParsedServerResponse(ConnectionSession& session) : session_(session) {}

  void sendContinue() override;
  std::ostream& send() override;
  void sendFile(const std::string& path, const std::string& media_type) override;
  void sendBuffer(const void* buffer, std::size_t length) override;
  void redirect(const std::string& uri, HTTPStatus status) override;
  void requireAuthentication(const std::string& realm) override;
  bool sent() const override { return false; }

 private:
  ConnectionSession& session_;
};

// The body is never read through stream(): BodyReader reads it from the connection session.
class ParsedServerRequest final : public Poco::Net::HTTPServerRequest {
 public:
  // The addresses and parameters are borrowed: the connection and the server outlive this.
  ParsedServerRequest(RequestHead&& head, const Poco::Net::SocketAddress& client,
                      const Poco::Net::SocketAddress& server,
                      const Poco::Net::HTTPServerParams& params, ParsedServerResponse& response);

  std::istream& stream() override { return no_body_; }
  const Poco::Net::SocketAddress& clientAddress() const override { return client_; }
  const Poco::Net::SocketAddress& serverAddress() const override { return server_; }
  const Poco::Net::HTTPServerParams& serverParams() const override { return params_; }
  Poco::Net::HTTPServerResponse& response() const override { return response_; }
  bool secure() const override { return false; }

 private:
  const Poco::Net::SocketAddress& client_;
  const Poco::Net::SocketAddress& server_;
  const Poco::Net::HTTPServerParams& params_;
  ParsedServerResponse& response_;
  std::istringstream no_body_;
};

}  // namespace orchestra::http
