#include "host/http/ResponseWriter.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Timestamp.h>

#include <ctime>

#include "host/http/ErrorResponses.hpp"
#include "host/http/RequestIdMiddleware.hpp"
#include "host/http/SecurityHeadersMiddleware.hpp"

namespace orchestra::http {

namespace {

// The Date header changes once a second; formatting it per response would cost more than the
// health handler itself.
const std::string& currentHttpDate() {
  thread_local std::time_t cached_second = 0;
  thread_local std::string cached_value;
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    cached_second = now;
    cached_value = Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(now),
                                                   Poco::DateTimeFormat::HTTP_FORMAT);
  }
  return cached_value;
}

bool statusHasNoBody(int status) {
  return status == 204 || status == 304 || status < 200;
}

}  // namespace

const std::string& serializeResponse(const Response& response, bool keep_alive, bool head_request) {
  // Reused per thread: after warm-up a response costs no allocation here.
  thread_local std::string out;
  out.clear();
  out += "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  out += Poco::Net::HTTPResponse::getReasonForStatus(
      static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
  out += "\r\nDate: ";
  out += currentHttpDate();
  const bool no_body = statusHasNoBody(response.status);
  if (!no_body) {
    if (!response.content_type.empty()) {
      out += "\r\nContent-Type: ";
      out += response.content_type;
    }
    // A streamed body ends when the connection closes.
    if (!response.stream) {
      out += "\r\nContent-Length: ";
      out += std::to_string(response.body.size());
    }
  }
  if (response.status == 101) {
    out += "\r\nConnection: Upgrade";
  } else {
    out += keep_alive ? "\r\nConnection: keep-alive" : "\r\nConnection: close";
  }
  for (const auto& [name, value] : response.headers) {
    out += "\r\n";
    out += name;
    out += ": ";
    out += value;
  }
  out += "\r\n\r\n";
  if (!no_body && !head_request) out += response.body;
  return out;
}

const std::string& serializeConnectionError(int status, std::string_view detail) {
  Response response = errorResponse(status, detail);
  response.setHeader("X-Request-ID", RequestIdMiddleware::generateId());
  SecurityHeadersMiddleware::apply(response);
  return serializeResponse(response, false, false);
}

}  // namespace orchestra::http
