// Keeps MCP servers available to the rest of the host: one live session per server definition,
// shared by concurrent calls; health pings; restart with backoff after a crash; idle shutdown.
// The MCP servers API drives it by id (define, connect, disconnect, status, tools, call).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "host/mcp/McpSession.hpp"
#include "host/plugins/PluginRegistry.hpp"

namespace orchestra::mcp {

struct McpServerDefinition {
  std::string id;            // the server's id (the mcp_servers row)
  std::string transport_id;  // a registered MCP transport: "mcp.stdio", "mcp.http"
  std::string config_json;   // that transport's config (secrets already resolved)
};

struct McpSupervisorSettings {
  std::uint32_t request_timeout_ms = 30000;
  std::uint32_t health_interval_ms = 30000;  // ping a connected server this often
  std::uint32_t idle_timeout_ms = 600000;    // close a session unused this long (0: never)
  std::uint32_t restart_initial_delay_ms = 1000;
  std::uint32_t restart_max_delay_ms = 60000;  // the backoff doubles up to this
  std::uint32_t tick_ms = 100;                 // how often the supervisor thread looks around
};

enum class McpServerState {
  Disconnected,  // never connected, disconnected by request, or closed when idle
  Connected,
  Failed,  // crashed or unreachable; restarts with backoff while it is wanted
};
std::string_view stateName(McpServerState state);

struct McpServerStatus {
  McpServerState state = McpServerState::Disconnected;
  std::string error;                   // why it failed, when Failed
  std::int64_t last_seen_unix_ms = 0;  // last answer of any kind
  std::uint32_t restarts = 0;          // automatic reconnections after a failure
  std::string protocol_version;
  std::string server_info_json;
};

class McpSupervisor {
 public:
  McpSupervisor(const plugins::PluginRegistry& registry, McpSupervisorSettings settings);
  // Closes every session (and so ends every stdio server's process group).
  ~McpSupervisor();
  McpSupervisor(const McpSupervisor&) = delete;
  McpSupervisor& operator=(const McpSupervisor&) = delete;

  // Adds or replaces a definition (a replaced one's session is closed).
  void define(McpServerDefinition definition);
  void remove(const std::string& id);

  // Connects now (or returns the live session's status). Throws McpError.
  McpServerStatus connect(const std::string& id);
  // Closes the session; no restart until the next connect or call.
  void disconnect(const std::string& id);
  // Throws McpError(Unavailable) for an unknown id.
  McpServerStatus status(const std::string& id) const;

  // The server's tools as a JSON array, cached until tools/list_changed or `refresh`.
  std::string tools(const std::string& id, bool refresh = false);
  McpToolResult callTool(const std::string& id, const std::string& name,
                         const std::string& arguments_json, const CallControl& control = {});

  // Called (on a session's reader thread) when a server says its tools changed.
  void onToolsChanged(std::function<void(const std::string& id)> listener);

 private:
  struct Server;
  class CallInFlight;

  std::shared_ptr<Server> find(const std::string& id) const;
  // The live session, connecting when there is none. Throws McpError.
  std::shared_ptr<McpSession> sessionOf(const std::shared_ptr<Server>& server);
  std::shared_ptr<McpSession> open(const std::shared_ptr<Server>& server);
  void superviseLoop();
  void supervise(const std::shared_ptr<Server>& server);
  void fail(Server& server, const std::string& reason);

  const plugins::PluginRegistry& registry_;
  McpSupervisorSettings settings_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Server>> servers_;
  std::function<void(const std::string&)> tools_listener_;
  bool stopping_ = false;
  std::condition_variable wakeup_;
  std::thread thread_;
};

}  // namespace orchestra::mcp
