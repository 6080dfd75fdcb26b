// The host API table handed to each plugin (orc_host_api): memory, logging, execution context,
// outbound HTTP, secrets, and calls into other extensions. The only way a plugin reaches the host.
#pragma once

#include <orchestra/abi.h>

#include <functional>
#include <string>
#include <string_view>

#include "host/plugins/AiCallContext.hpp"
#include "host/plugins/OutboundHttp.hpp"

namespace orchestra::plugins {

class ProcessSpawner;
class AiGateway;
class McpToolGateway;

// What the host API delegates to; later areas (secrets store, AI providers, MCP, files) add
// their services here.
struct HostServices {
  const OutboundHttp* http = nullptr;
  ProcessSpawner* processes = nullptr;  // null: spawning is unsupported
  // Set by the MCP subsystem before the runtime starts and cleared after it stops; null: no
  // MCP servers in this host.
  McpToolGateway* mcp = nullptr;
  const AiGateway* ai = nullptr;  // null: no AI providers (set once, before any execution)
};

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
