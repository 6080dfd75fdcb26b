#include "host/http/ParsedRequest.hpp"

#include <stdexcept>

#include "host/http/ConnectionSession.hpp"

namespace orchestra::http {

namespace {

[[noreturn]] void refuse(const char* what) {
  throw std::logic_error(std::string("handlers answer with http::Response, not ") + what);
}

}  // namespace

void ParsedServerResponse::sendContinue() {
  session_.send("HTTP/1.1 100 Continue\r\n\r\n");
}

std::ostream& ParsedServerResponse::send() {
  refuse("HTTPServerResponse::send");
}

void ParsedServerResponse::sendFile(const std::string&, const std::string&) {
  refuse("HTTPServerResponse::sendFile");
}

void ParsedServerResponse::sendBuffer(const void*, std::size_t) {
  refuse("HTTPServerResponse::sendBuffer");
}

void ParsedServerResponse::redirect(const std::string&, HTTPStatus) {
  refuse("HTTPServerResponse::redirect");
}

void ParsedServerResponse::requireAuthentication(const std::string&) {
  refuse("HTTPServerResponse::requireAuthentication");
}

ParsedServerRequest::ParsedServerRequest(RequestHead&& head, const Poco::Net::SocketAddress& client,
                                         const Poco::Net::SocketAddress& server,
                                         const Poco::Net::HTTPServerParams& params,
                                         ParsedServerResponse& response)
    : client_(client), server_(server), params_(params), response_(response) {
  setMethod(head.method);
  setURI(head.target);
  setVersion(head.version);
  for (auto& [name, value] : head.fields)
    add(name, value);
}

}  // namespace orchestra::http
