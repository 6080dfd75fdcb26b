// mcp.http: one remote MCP server over Streamable HTTP, or over the older HTTP+SSE transport
// (protocol 2024-11-05) when the config asks for it or the server refuses the initialize POST.
// Every request goes through the host's HTTP client on a thread of the transport's own, so a
// long tool call holds up nothing else. Streamable HTTP: each message is a POST whose JSON or
// event-stream answer becomes received messages; the session id (Mcp-Session-Id) and the
// negotiated MCP-Protocol-Version go on every later request; a GET event stream carries what
// the server sends unasked; a cut stream resumes with Last-Event-ID; close ends the session
// with DELETE. HTTP+SSE: one GET event stream names the URL to POST to (its `endpoint` event)
// and carries every answer.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
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

struct StreamedAnswer;

class HttpTransport final : public sdk::McpTransport {
 public:
  // How long one POST may take (a tool call answers at its end) and the DELETE at close.
  static constexpr uint32_t kRequestTimeoutMs = 600000;
  static constexpr uint32_t kCloseTimeoutMs = 2000;
  static constexpr uint64_t kMaxResponseBytes = uint64_t{16} * 1024 * 1024;
  // A silent event stream is opened again after this long (resuming where it was).
  static constexpr uint32_t kStreamIdleMs = 300000;
  // An event stream body carries messages for as long as the session lives.
  static constexpr uint64_t kMaxStreamBytes = uint64_t{1} << 40;
  // Reconnecting a cut stream waits kFirstBackoffMs, doubling up to kMaxBackoffMs; the GET
  // stream is given up after kMaxStreamFailures attempts in a row that brought nothing.
  static constexpr uint32_t kFirstBackoffMs = 250;
  static constexpr uint32_t kMaxBackoffMs = 8000;
  static constexpr int kMaxStreamFailures = 6;
  // A POST answer cut before its response is resumed this many times.
  static constexpr int kMaxResumptions = 5;
  // How long notifications/initialized waits at most for the server to answer the GET stream
  // (it is sent inline, before any later message). A server that offers no stream says 405 at
  // once; 2 s proved too short for a busy machine's first answer.
  static constexpr uint32_t kStreamSettleMs = 5000;
  // How long open waits for an HTTP+SSE server's endpoint event.
  static constexpr uint32_t kEndpointTimeoutMs = 15000;

  static sdk::ExtensionInfo describe();
  // Config: {"url": "https://host/mcp", "headers": {"Authorization": "Bearer ..."},
  // "protocol": "streamable-http" | "sse"}.
  HttpTransport(const sdk::Json& config, const sdk::HostApi& host);
  ~HttpTransport() override;
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  void open(orc_exec* exec) override;
  void send(std::string_view message_json) override;
  std::optional<std::string> receive(uint32_t timeout_ms) override;
  void close() noexcept override;

 private:
  // Runs `work` on a thread of its own, joined at close (or by the next send once done).
  void spawn(std::function<void()> work);
  void joinFinishedWorkers();

  void post(const std::string& message);
  void postStreamable(const std::string& message, bool first);
  // Delivers the collected (JSON) body of a POST answer.
  void deliverJsonBody(const std::string& body);
  // Reads the rest of a POST's event stream with GET and Last-Event-ID until `request_id`'s
  // response arrived; false when it could not.
  bool resumeAnswer(std::string last_event_id, const std::string& request_id);
  void startGetStream();
  void getStreamLoop();

  // HTTP+SSE: opens the event stream and waits for its endpoint; throws when none comes.
  void openLegacyStream();
  void legacyStreamLoop();
  void postLegacy(const std::string& message);

  void deliver(std::string message);
  // A JSON-RPC error answering `message` (when it is a request), so its caller hears why.
  void answerWithError(const std::string& message, const std::string& why);
  void fail(const std::string& why);
  bool closing() const;
  // Sleeps for `ms` unless the transport closes first; false when it closed.
  bool pause(uint32_t ms);
  std::vector<std::pair<std::string, std::string>> requestHeaders(bool json_body) const;
  sdk::HttpRequest streamRequestTo(const std::string& last_event_id) const;

  const sdk::HostApi& host_;
  std::string url_;
  bool legacy_requested_ = false;
  std::vector<std::pair<std::string, std::string>> headers_;
  orc_exec* exec_ = nullptr;  // valid until close; cancelled once close begins

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> inbox_;
  bool closed_ = false;
  std::string close_reason_;
  std::string session_id_;
  std::string protocol_version_;
  bool legacy_ = false;              // speaking HTTP+SSE
  std::string legacy_endpoint_;      // where HTTP+SSE messages go, once the server named it
  bool get_stream_started_ = false;  // the GET stream was asked for once
  bool get_stream_settled_ = false;  // it was refused or ended, or kStreamSettleMs passed
  // Threads in flight and finished ones not yet joined.
  std::list<std::pair<std::thread, bool>> workers_;
  // The first POST (initialize) runs alone: every later one needs the session id it brings.
  std::mutex initialize_mutex_;
};

}  // namespace orchestra::plugins::mcp_http
