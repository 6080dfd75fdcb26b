#include "tests/support/HttpTestClient.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <array>
#include <stdexcept>

namespace orchestra::testing {

std::string HttpResult::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (Poco::icompare(key, name) == 0) return value;
  }
  return {};
}

bool HttpResult::hasHeader(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (Poco::icompare(key, name) == 0) return true;
  }
  return false;
}

Poco::JSON::Object::Ptr HttpResult::json() const {
  Poco::JSON::Parser parser;
  const auto parsed = parser.parse(body);
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    throw std::runtime_error("response body is not a JSON object: " + body);
  }
  return parsed.extract<Poco::JSON::Object::Ptr>();
}

HttpResult HttpTestClient::request(const std::string& method, const std::string& path,
                                   const std::string& body,
                                   const std::map<std::string, std::string>& headers) const {
  Poco::Net::HTTPClientSession session("127.0.0.1", port_);
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : headers)
    request.set(name, value);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    if (!request.has("Content-Type")) request.setContentType("application/json");
  }
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& stream = session.receiveResponse(response);
  HttpResult result;
  result.status = response.getStatus();
  for (const auto& [name, value] : response)
    result.headers.emplace_back(name, value);
  if (method != "HEAD") Poco::StreamCopier::copyToString(stream, result.body);
  return result;
}

RawExchange rawExchange(std::uint16_t port, const std::string& bytes,
                        std::chrono::milliseconds timeout) {
  Poco::Net::StreamSocket socket;
  socket.connect(Poco::Net::SocketAddress("127.0.0.1", port), Poco::Timespan(5, 0));
  socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  RawExchange exchange;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::array<char, 4096> buffer{};
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      exchange.timed_out = true;
      break;
    }
    socket.setReceiveTimeout(Poco::Timespan(left.count()));
    try {
      const int got = socket.receiveBytes(buffer.data(), static_cast<int>(buffer.size()));
      if (got <= 0) break;
      exchange.response.append(buffer.data(), static_cast<std::size_t>(got));
    } catch (const Poco::TimeoutException&) {
      exchange.timed_out = true;
      break;
    } catch (const Poco::Net::ConnectionResetException&) {
      break;
    }
  }
  return exchange;
}

int firstStatus(const std::string& raw_response) {
  if (raw_response.rfind("HTTP/1.", 0) != 0 || raw_response.size() < 12) return 0;
  return std::stoi(raw_response.substr(9, 3));
}

}  // namespace orchestra::testing
