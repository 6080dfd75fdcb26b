// Fakes of Poco's server request and response, so that an http::Request (which wraps them) can
// be built without a server: for unit tests of middlewares and handler helpers.
#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SocketAddress.h>

#include <sstream>
#include <stdexcept>
#include <string>

#include "host/http/Request.hpp"

namespace orchestra::testing {

// Nothing is ever sent: middlewares answer with http::Response values, never through Poco.
class FakeHttpServerResponse final : public Poco::Net::HTTPServerResponse {
 public:
  void sendContinue() override {}
  std::ostream& send() override { return body_; }
  void sendFile(const std::string&, const std::string&) override {
    throw std::logic_error("FakeHttpServerResponse::sendFile");
  }
  void sendBuffer(const void*, std::size_t) override {
    throw std::logic_error("FakeHttpServerResponse::sendBuffer");
  }
  void redirect(const std::string&, HTTPStatus) override {
    throw std::logic_error("FakeHttpServerResponse::redirect");
  }
  void requireAuthentication(const std::string&) override {
    throw std::logic_error("FakeHttpServerResponse::requireAuthentication");
  }
  bool sent() const override { return false; }

 private:
  std::ostringstream body_;
};

class FakeHttpServerRequest final : public Poco::Net::HTTPServerRequest {
 public:
  FakeHttpServerRequest(const std::string& method, const std::string& uri,
                        const std::string& client_address)
      : client_(client_address),
        server_("127.0.0.1:8080"),
        params_(new Poco::Net::HTTPServerParams) {
    setMethod(method);
    setURI(uri);
  }

  std::istream& stream() override { return body_; }
  const Poco::Net::SocketAddress& clientAddress() const override { return client_; }
  const Poco::Net::SocketAddress& serverAddress() const override { return server_; }
  const Poco::Net::HTTPServerParams& serverParams() const override { return *params_; }
  Poco::Net::HTTPServerResponse& response() const override { return response_; }
  bool secure() const override { return false; }

 private:
  Poco::Net::SocketAddress client_;
  Poco::Net::SocketAddress server_;
  Poco::Net::HTTPServerParams::Ptr params_;
  std::istringstream body_;
  mutable FakeHttpServerResponse response_;
};

// An http::Request over the fakes above; set headers before reading them through request().
// `client_address` is "host:port" ("203.0.113.7:5000", "[::1]:5000").
class FakeHttpExchange {
 public:
  FakeHttpExchange(const std::string& method, const std::string& uri,
                   const std::string& client_address = "192.0.2.10:40000")
      : raw_(method, uri, client_address), request_(raw_, raw_.response()) {}
  FakeHttpExchange(const FakeHttpExchange&) = delete;
  FakeHttpExchange& operator=(const FakeHttpExchange&) = delete;

  FakeHttpExchange& header(const std::string& name, const std::string& value) {
    raw_.set(name, value);
    return *this;
  }
  http::Request& request() { return request_; }

 private:
  FakeHttpServerRequest raw_;
  http::Request request_;
};

}  // namespace orchestra::testing
