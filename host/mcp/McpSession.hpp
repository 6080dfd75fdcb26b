// One MCP client session over any MCP transport instance: the initialize handshake (version
// negotiation), requests matched to replies by id while notifications and server requests
// interleave, per-request timeouts and cancellation, tools/list and tools/call. One reader
// thread per session; any number of threads may call at once.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "host/mcp/McpError.hpp"
#include "host/plugins/McpTransportInstance.hpp"

namespace orchestra::mcp {

struct McpSessionOptions {
  std::uint32_t request_timeout_ms = 30000;  // when a call names none
  std::string client_name = "orchestra";
  std::string client_version = ORCHESTRA_VERSION;
  // On the reader thread: keep them short (mark something stale, wake a thread).
  std::function<void()> on_tools_list_changed;
  std::function<void(const std::string& reason)> on_closed;
};

// How long one call may take and when its caller gives up.
struct CallControl {
  std::uint32_t timeout_ms = 0;        // 0: the session's request_timeout_ms
  std::function<bool()> is_cancelled;  // polled while waiting; may be empty
};

struct McpToolResult {
  bool is_error = false;    // the tool failed (isError): its content says why
  std::string result_json;  // the whole CallToolResult
};

class McpSession {
 public:
  // How often waiting callers look at their cancellation flag.
  static constexpr int kCancelPollMs = 50;

  // Opens the transport, starts the reader and completes the handshake (initialize, then
  // notifications/initialized). Throws McpError; the transport is closed on failure.
  McpSession(std::unique_ptr<plugins::McpTransportInstance> transport, McpSessionOptions options);
  // close(), then frees the transport.
  ~McpSession();
  McpSession(const McpSession&) = delete;
  McpSession& operator=(const McpSession&) = delete;

  const std::string& protocolVersion() const { return protocol_version_; }
  const std::string& serverInfoJson() const { return server_info_json_; }
  bool alive() const { return !closed_; }

  // One request; returns the result's JSON text. Throws McpError.
  std::string request(std::string_view method, std::string_view params_json,
                      const CallControl& control = {});
  void notify(std::string_view method, std::string_view params_json);
  // Every tool, following nextCursor: a JSON array of Tool objects.
  std::string listTools(const CallControl& control = {});
  McpToolResult callTool(std::string_view name, std::string_view arguments_json,
                         const CallControl& control = {});
  void ping(std::uint32_t timeout_ms);

  // Ends the session: pending calls fail with Closed, the reader stops, the transport closes
  // (for stdio: the server's process group is ended). Safe from any thread, idempotent; the
  // object stays usable (every call then fails with Closed).
  void close(const std::string& reason = "the session was closed") noexcept;

 private:
  struct Pending {
    bool done = false;
    bool is_error = false;
    int error_code = 0;
    std::string text;  // result JSON, or the error message
  };

  void handshake();
  void readLoop() noexcept;
  void dispatch(std::string_view text);
  void answerServerRequest(const std::string& id_json, const std::string& method);
  void failAll(const std::string& reason);
  void sendText(const std::string& text);

  std::unique_ptr<plugins::McpTransportInstance> transport_;
  McpSessionOptions options_;
  std::string protocol_version_;
  std::string server_info_json_;

  std::atomic<std::int64_t> next_id_{1};
  std::mutex mutex_;
  std::condition_variable answered_;
  std::map<std::int64_t, std::shared_ptr<Pending>> pending_;
  std::string close_reason_;
  std::atomic<bool> closed_{false};
  std::atomic<bool> reader_stopping_{false};

  std::mutex send_mutex_;  // one sender at a time; held by close() while the transport closes
  bool transport_closed_ = false;
  std::mutex close_mutex_;
  std::thread reader_;
};

}  // namespace orchestra::mcp
