#include "host/http/HttpConnection.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>

#include <cctype>
#include <ctime>
#include <optional>
#include <string>
#include <utility>

#include "host/http/ConnectionSession.hpp"
#include "host/http/ErrorResponses.hpp"
#include "host/http/HttpServer.hpp"
#include "host/http/Request.hpp"
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

// Poco accepts any three tokens as a request line; answer what it lets through the way a strict
// parser would, before anything routes on it.
std::optional<std::pair<int, std::string_view>> requestLineProblem(
    const Poco::Net::HTTPServerRequest& request) {
  const std::string& version = request.getVersion();
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    if (version.rfind("HTTP/", 0) == 0) return std::pair{505, "HTTP version not supported"};
    return std::pair{400, "Malformed HTTP request line"};
  }
  const std::string& target = request.getURI();
  const bool origin_form = !target.empty() && target.front() == '/';
  const bool absolute_form = target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0;
  const bool asterisk_form = target == "*" && request.getMethod() == "OPTIONS";
  if (!origin_form && !absolute_form && !asterisk_form) {
    return std::pair{400, "Malformed request target"};
  }
  for (const char c : request.getMethod()) {
    if (!std::isupper(static_cast<unsigned char>(c))) {
      return std::pair{400, "Malformed HTTP method"};
    }
  }
  return std::nullopt;
}

}  // namespace

HttpConnection::HttpConnection(const Poco::Net::StreamSocket& socket, HttpServer& server)
    : Poco::Net::TCPServerConnection(socket), server_(server) {
  server_.connectionOpened(this);
}

HttpConnection::~HttpConnection() {
  server_.connectionClosed(this);
}

void HttpConnection::interrupt() noexcept {
  try {
    socket().shutdownReceive();
  } catch (...) {
    // Already closed: nothing to wake.
  }
}

void HttpConnection::run() {
  socket().setNoDelay(true);  // one write per response; never wait for Nagle
  Poco::Net::HTTPServerParams::Ptr params = server_.params();
  ConnectionSession session(socket(), params);
  while (session.hasMoreRequests()) {
    if (!server_.markBusy(this)) return;
    bool keep_alive = false;
    try {
      Poco::Net::HTTPServerResponseImpl raw_response(session);
      Poco::Net::HTTPServerRequestImpl raw_request(raw_response, session, params);
      keep_alive = params->getKeepAlive() && raw_request.getKeepAlive() && session.canKeepAlive();
      if (const auto problem = requestLineProblem(raw_request)) {
        writeError(problem->first, problem->second);
        return;
      }

      Request request(raw_request, raw_response);
      request.setSession(&session);
      Response response = server_.dispatcher().dispatch(request);
      if (response.taken_over) {
        server_.markIdle(this);
        return;
      }
      keep_alive = keep_alive && !response.close_connection && !server_.stopping();
      write(response, keep_alive, raw_request.getMethod() == "HEAD");
    } catch (const Poco::Net::NoMessageException&) {
      return;  // the client closed an idle connection
    } catch (const Poco::Net::MessageException& error) {
      writeError(400, "Malformed HTTP request: " + error.message());
      return;
    } catch (const Poco::SyntaxException&) {
      // Poco parses Content-Length while constructing the request; a non-numeric one lands here.
      writeError(400, "Invalid Content-Length");
      return;
    } catch (const Poco::TimeoutException&) {
      writeError(408, "Request not received in time");
      return;
    } catch (const Poco::Exception&) {
      return;  // network failure: nobody left to answer
    }
    session.setKeepAlive(keep_alive);
    server_.markIdle(this);
    if (!keep_alive) return;
  }
}

void HttpConnection::write(const Response& response, bool keep_alive, bool head_request) {
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
    out += "\r\nContent-Length: ";
    out += std::to_string(response.body.size());
  }
  out += keep_alive ? "\r\nConnection: keep-alive" : "\r\nConnection: close";
  for (const auto& [name, value] : response.headers) {
    out += "\r\n";
    out += name;
    out += ": ";
    out += value;
  }
  out += "\r\n\r\n";
  if (!no_body && !head_request) out += response.body;

  const char* data = out.data();
  std::size_t remaining = out.size();
  while (remaining > 0) {
    const int sent = socket().sendBytes(data, static_cast<int>(remaining));
    if (sent <= 0) throw Poco::Net::NetException("connection closed while writing a response");
    data += sent;
    remaining -= static_cast<std::size_t>(sent);
  }
}

void HttpConnection::writeError(int status, std::string_view detail) noexcept {
  try {
    Response response = errorResponse(status, detail);
    response.setHeader("X-Request-ID", RequestIdMiddleware::generateId());
    SecurityHeadersMiddleware::apply(response);
    write(response, false, false);
  } catch (...) {
    // The peer is gone; there is no one to tell.
  }
}

}  // namespace orchestra::http
