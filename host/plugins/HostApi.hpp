// The host API table handed to each plugin (orc_host_api): memory, logging, execution context,
// outbound HTTP, secrets, and calls into other extensions. The only way a plugin reaches the host.
#pragma once

#include <orchestra/abi.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "host/plugins/AiCallContext.hpp"
#include "host/plugins/OutboundHttp.hpp"

namespace orchestra::plugins {

class ProcessSpawner;
class AiGateway;
class McpToolGateway;
class PluginRegistry;

// What the host API delegates to; later areas (secrets store, AI providers, MCP, files) add
// their services here.
struct HostServices {
  const OutboundHttp* http = nullptr;
  ProcessSpawner* processes = nullptr;  // null: spawning is unsupported
  // Set by the MCP subsystem before the runtime starts and cleared after it stops; null: no
  // MCP servers in this host.
  McpToolGateway* mcp = nullptr;
  const AiGateway* ai = nullptr;  // null: no AI providers (set once, before any execution)
  // The node types host_describe_node_type and host_run_node reach; set with the registry,
  // before any plugin is initialised (a plugin may describe a type during on_create).
  const PluginRegistry* registry = nullptr;
};

// How deep host_run_node may nest: an agent running a node type that runs another ... The
// workflow's own node is level 0.
inline constexpr int kMaxNodeRunNesting = 4;

}  // namespace orchestra::plugins

// The host side of the opaque handles the ABI declares.
struct orc_host {
  std::string plugin_id;
  std::string logger_name;  // "plugin.<id>"
  orchestra::plugins::HostServices* services = nullptr;
};

struct orc_exec {
  std::string idempotency_key;
  std::string workspace_id;            // the execution's: what host_mcp_* may reach
  std::function<bool()> is_cancelled;  // may be empty: never cancelled
  std::function<void(std::string_view event_json)> on_progress;  // may be empty: dropped
  orchestra::plugins::AiCallContext ai_context;  // whom host_ai_chat charges and bounds
  std::int64_t deadline_unix_ms = 0;             // of the running attempt; 0 = none
  // 0 for a workflow's node (or a tool call); n for a node host_run_node started n levels down.
  int nesting_depth = 0;
  // host_run_node calls made so far on behalf of this exec: each nested run's idempotency key
  // is this exec's plus the call's rank, so an attempt's calls keep their keys on a retry.
  std::atomic<std::uint64_t> node_runs{0};
};

namespace orchestra::plugins {

// The table for one plugin; `host` must outlive every use of it.
orc_host_api makeHostApi(orc_host* host);

// Buffers cross the boundary in both directions; both sides free through these.
orc_buffer allocateBuffer(std::string_view bytes);
void freeBuffer(orc_buffer buffer);
inline std::string takeBuffer(orc_buffer& buffer) {
  std::string text(buffer.data == nullptr ? "" : std::string(buffer.data, buffer.size));
  freeBuffer(buffer);
  buffer = {nullptr, 0};
  return text;
}

}  // namespace orchestra::plugins
