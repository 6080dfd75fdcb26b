#include "host/plugins/OutboundHttp.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/DNS.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <array>
#include <chrono>
#include <functional>
#include <istream>
#include <memory>

namespace orchestra::plugins {

namespace {

// A streamed body (SSE from an AI provider) is handed on as soon as bytes arrive: waiting for a
// full buffer would hold tokens back. peek() blocks for the next socket read, readsome() then
// takes what that read brought. A buffered body reads whole buffers.
std::size_t readSome(std::istream& stream, std::array<char, 16384>& buffer, bool streaming) {
  if (!streaming) {
    stream.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    return static_cast<std::size_t>(stream.gcount());
  }
  if (stream.peek() == std::char_traits<char>::eof()) return 0;
  return static_cast<std::size_t>(
      stream.readsome(buffer.data(), static_cast<std::streamsize>(buffer.size())));
}

// A streamed body waits for bytes in slices of this length and looks at its caller's
// cancellation after each: a server-sent events stream may be silent for minutes and must still
// end as soon as its owner stops (an MCP transport closing, the host stopping).
constexpr long kStreamSliceMicros = 100000;

enum class StreamWait { Bytes, Cancelled, Idle };

// Reads what the next socket read of a streamed body brings (0 at its end), waiting at most
// `idle_ms` for it in slices. A slice's timeout throws before any byte is taken (the socket's
// receive timeout is one slice), so the read is simply tried again.
StreamWait readStreamed(std::istream& stream, std::array<char, 16384>& buffer,
                        const std::function<bool()>& is_cancelled, std::uint32_t idle_ms,
                        std::size_t& got) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(idle_ms);
  while (true) {
    try {
      got = readSome(stream, buffer, true);
      return StreamWait::Bytes;
    } catch (const Poco::TimeoutException&) {
      stream.clear();
      if (is_cancelled && is_cancelled()) return StreamWait::Cancelled;
      if (std::chrono::steady_clock::now() >= deadline) return StreamWait::Idle;
    } catch (const Poco::Exception&) {
      // A broken body ends the stream, as it did before slices (the caller sees it end early).
      got = 0;
      return StreamWait::Bytes;
    }
  }
}

OutboundResponse failure(orc_status status, std::string message) {
  OutboundResponse response;
  response.status = status;
  response.error_message = std::move(message);
  return response;
}

bool isForbidden(const Poco::Net::IPAddress& address) {
  if (address.isLoopback() || address.isWildcard() || address.isLinkLocal() ||
      address.isSiteLocal() || address.isMulticast() || address.isBroadcast()) {
    return true;
  }
  if (address.family() == Poco::Net::IPAddress::IPv4) {
    const std::string text = address.toString();
    // 100.64.0.0/10 (carrier-grade NAT) and 0.0.0.0/8 are not public either.
    if (text.rfind("0.", 0) == 0) return true;
    const auto first_dot = text.find('.');
    const int first = std::stoi(text.substr(0, first_dot));
    const int second = std::stoi(text.substr(first_dot + 1, text.find('.', first_dot + 1)));
    if (first == 100 && second >= 64 && second < 128) return true;
  } else {
    // fc00::/7: unique local addresses, IPv6's private range.
    const auto* bytes = static_cast<const unsigned char*>(address.addr());
    if ((bytes[0] & 0xFE) == 0xFC) return true;
    if (address.isIPv4Mapped()) {
      return isForbidden(Poco::Net::IPAddress(address.toString().substr(7)));
    }
  }
  return false;
}

}  // namespace

OutboundResponse OutboundHttp::perform(const OutboundRequest& request) const {
  Poco::URI uri;
  try {
    uri = Poco::URI(request.url);
  } catch (const Poco::Exception& error) {
    return failure(ORC_ERR_INVALID_ARGUMENT, "invalid URL: " + error.message());
  }
  const std::string scheme = Poco::toLower(uri.getScheme());
  if ((scheme != "http" && scheme != "https") || uri.getHost().empty()) {
    return failure(ORC_ERR_INVALID_ARGUMENT, "only absolute http and https URLs are allowed");
  }
  const std::string method = Poco::toUpper(request.method.empty() ? "GET" : request.method);
  static const std::array<std::string_view, 7> kMethods = {"GET",    "POST", "PUT",    "PATCH",
                                                           "DELETE", "HEAD", "OPTIONS"};
  if (std::find(kMethods.begin(), kMethods.end(), method) == kMethods.end()) {
    return failure(ORC_ERR_INVALID_ARGUMENT, "unsupported HTTP method " + method);
  }

  // Resolve once and connect to the address that was checked, so a DNS answer that changes
  // between check and connect (rebinding) cannot reach a forbidden address over plain HTTP.
  Poco::Net::IPAddress target;
  try {
    if (!Poco::Net::IPAddress::tryParse(uri.getHost(), target)) {
      const Poco::Net::HostEntry entry = Poco::Net::DNS::hostByName(uri.getHost());
      if (entry.addresses().empty()) return failure(ORC_ERR_UNAVAILABLE, "host has no address");
      target = entry.addresses().front();
    }
  } catch (const Poco::Exception& error) {
    return failure(ORC_ERR_UNAVAILABLE, "cannot resolve " + uri.getHost() + ": " + error.message());
  }
  if (!settings_.allow_private_addresses && isForbidden(target)) {
    return failure(ORC_ERR_PERMISSION_DENIED,
                   "address " + target.toString() + " of " + uri.getHost() +
                       " is private, loopback, link-local or metadata; outbound HTTP refuses it");
  }

  const std::uint32_t timeout_ms =
      request.timeout_ms == 0 ? settings_.default_timeout_ms : request.timeout_ms;
  const std::uint64_t max_bytes = request.max_response_bytes == 0
                                      ? settings_.default_max_response_bytes
                                      : request.max_response_bytes;
  try {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (scheme == "https") {
      session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort());
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(
          Poco::Net::SocketAddress(target, uri.getPort()));
    }
    session->setTimeout(Poco::Timespan(static_cast<long>(timeout_ms) * 1000));
    Poco::Net::HTTPRequest outgoing(method, uri.getPathEtc().empty() ? "/" : uri.getPathEtc(),
                                    Poco::Net::HTTPMessage::HTTP_1_1);
    outgoing.setHost(uri.getHost(), uri.getPort());
    for (const auto& [name, value] : request.headers)
      outgoing.set(name, value);
    if (!request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
      outgoing.setContentLength(static_cast<std::streamsize>(request.body.size()));
    }
    session->sendRequest(outgoing) << request.body;

    Poco::Net::HTTPResponse incoming;
    std::istream& stream = session->receiveResponse(incoming);
    OutboundResponse response;
    response.status_code = static_cast<int>(incoming.getStatus());
    for (const auto& [name, value] : incoming) {
      response.headers.emplace_back(Poco::toLower(name), value);
    }
    const bool streaming = request.on_body_chunk != nullptr;
    if (streaming) {
      // An empty chunk says the answer began: a silent stream is known to be open.
      const orc_status opened = request.on_body_chunk({});
      if (opened != ORC_OK) return failure(opened, "body consumer stopped");
      // Timeouts of a slice reach readStreamed as exceptions (not as a failed stream).
      session->socket().setReceiveTimeout(Poco::Timespan(kStreamSliceMicros));
      stream.exceptions(std::ios::badbit);
    }
    std::array<char, 16384> buffer{};
    std::uint64_t received = 0;
    while (stream) {
      if (request.is_cancelled && request.is_cancelled()) {
        return failure(ORC_ERR_CANCELLED, "cancelled while receiving the response");
      }
      std::size_t got = 0;
      if (streaming) {
        const StreamWait waited =
            readStreamed(stream, buffer, request.is_cancelled, timeout_ms, got);
        if (waited == StreamWait::Cancelled) {
          return failure(ORC_ERR_CANCELLED, "cancelled while receiving the response");
        }
        if (waited == StreamWait::Idle) {
          return failure(ORC_ERR_TIMEOUT, "no bytes from " + uri.getHost() + " within " +
                                              std::to_string(timeout_ms) + " ms");
        }
      } else {
        got = readSome(stream, buffer, false);
      }
      if (got == 0) break;
      received += got;
      if (received > max_bytes) {
        return failure(ORC_ERR_FAILED,
                       "response larger than " + std::to_string(max_bytes) + " bytes");
      }
      if (request.on_body_chunk) {
        const orc_status chunk_status = request.on_body_chunk({buffer.data(), got});
        if (chunk_status != ORC_OK) return failure(chunk_status, "body consumer stopped");
      } else {
        response.body.append(buffer.data(), got);
      }
    }
    return response;
  } catch (const Poco::TimeoutException&) {
    return failure(ORC_ERR_TIMEOUT, "no answer from " + uri.getHost() + " within " +
                                        std::to_string(timeout_ms) + " ms");
  } catch (const Poco::Exception& error) {
    return failure(ORC_ERR_UNAVAILABLE, uri.getHost() + ": " + error.displayText());
  }
}

}  // namespace orchestra::plugins
