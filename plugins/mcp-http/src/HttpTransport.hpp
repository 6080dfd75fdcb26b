// mcp.http: one remote MCP server over Streamable HTTP. Each message is a POST (Accept:
// application/json, text/event-stream) made through the host's HTTP client on a thread of its
// own, so a long tool call never holds up the others; JSON and SSE answers become received
// messages. The session id the server gives at initialize (Mcp-Session-Id) and the negotiated
// MCP-Protocol-Version go on every later request; close ends the session with DELETE.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "orchestra/sdk/HostApi.hpp"
#include "orchestra/sdk/McpTransport.hpp"

namespace orchestra::plugins::mcp_http {

class HttpTransport final : public sdk::McpTransport {
 public:
  // How long one POST may take (a tool call answers at its end) and the DELETE at close.
  static constexpr uint32_t kRequestTimeoutMs = 600000;
  static constexpr uint32_t kCloseTimeoutMs = 2000;
  static constexpr uint64_t kMaxResponseBytes = uint64_t{16} * 1024 * 1024;

  static sdk::ExtensionInfo describe();
  // Config: {"url": "https://host/mcp", "headers": {"Authorization": "Bearer ..."},
  // "protocol": "streamable-http"}.
  HttpTransport(const sdk::Json& config, const sdk::HostApi& host);
  ~HttpTransport() override;
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  void open(orc_exec* exec) override;
  void send(std::string_view message_json) override;
  std::optional<std::string> receive(uint32_t timeout_ms) override;
  void close() noexcept override;

 private:
  void post(const std::string& message);
  // Parses an answer (JSON or SSE) into messages for receive().
  void deliverAnswer(const sdk::HttpResponse& response);
  void deliver(std::string message);
  // A JSON-RPC error answering `message` (when it is a request), so its caller hears why.
  void answerWithError(const std::string& message, const std::string& why);
  void fail(const std::string& why);
  std::vector<std::pair<std::string, std::string>> requestHeaders() const;
  void joinFinishedPosts();

  const sdk::HostApi& host_;
  std::string url_;
  std::vector<std::pair<std::string, std::string>> headers_;

  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<std::string> inbox_;
  bool closed_ = false;
  std::string close_reason_;
  std::string session_id_;
  std::string protocol_version_;
  // Posts in flight and finished ones not yet joined.
  std::list<std::pair<std::thread, bool>> posts_;
  // The first POST (initialize) runs alone: every later one needs the session id it brings.
  std::mutex initialize_mutex_;
};

}  // namespace orchestra::plugins::mcp_http
