// A WebSocket client for integration tests, on a raw socket: the opening handshake, masked
// frames as a browser sends them, and the malformed frames no browser would (unmasked,
// oversize, bad UTF-8, broken fragments), with every server frame read as it arrives.
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace orchestra::testing {

struct WebSocketFrame {
  std::uint8_t opcode = 0;  // 0x1 text, 0x8 close, 0x9 ping, 0xA pong
  std::string payload;
  // Close frames: the code (0 when the payload has none).
  std::uint16_t closeCode() const;
};

class WebSocketTestClient {
 public:
  // Connects and sends the upgrade request for `path` with `headers` added (Host, Upgrade,
  // Connection, Sec-WebSocket-Key and -Version are set unless given). Check status().
  WebSocketTestClient(std::uint16_t port, const std::string& path,
                      const std::map<std::string, std::string>& headers = {});
  ~WebSocketTestClient();
  WebSocketTestClient(const WebSocketTestClient&) = delete;
  WebSocketTestClient& operator=(const WebSocketTestClient&) = delete;

  int status() const { return status_; }
  // A response header (case-insensitive name), or "".
  std::string header(const std::string& name) const;
  // The response body when the upgrade was refused.
  const std::string& body() const { return body_; }

  // A masked frame (FIN set unless `final` is false).
  void sendFrame(std::uint8_t opcode, const std::string& payload, bool final = true,
                 bool masked = true);
  void sendText(const std::string& text) { sendFrame(0x1, text); }
  void sendRaw(const std::string& bytes);
  void sendClose(std::uint16_t code);

  // The next frame within `timeout`; nullopt on timeout or when the server closed the TCP
  // connection (then closedByServer() is true). Pings are answered and skipped unless
  // `keep_pings`.
  std::optional<WebSocketFrame> next(std::chrono::milliseconds timeout, bool keep_pings = false);
  // The next text message as JSON; fails the test (throws) on anything else.
  Poco::JSON::Object::Ptr nextJson(std::chrono::milliseconds timeout);
  // Reads until the server's close frame (its code) or TCP close (0); nullopt on timeout.
  std::optional<std::uint16_t> waitForClose(std::chrono::milliseconds timeout);
  bool closedByServer() const { return server_closed_; }
  // Stops reading; the server's buffers fill up (a client that never reads).
  int fd() const { return fd_; }
  void abort();  // closes the TCP connection without a close frame

 private:
  bool fill(std::chrono::milliseconds timeout);

  int fd_ = -1;
  int status_ = 0;
  std::map<std::string, std::string> headers_;
  std::string body_;
  std::string buffer_;
  bool server_closed_ = false;
};

// The Sec-WebSocket-Accept a server must answer for `key` (RFC 6455).
std::string expectedAccept(const std::string& key);

}  // namespace orchestra::testing
