// The "mcp.http" plugin: registers the MCP transport that talks to a remote MCP server over
// Streamable HTTP or HTTP+SSE, every request through the host's HTTP client (and so its SSRF
// guard).
#pragma once

#include "orchestra/sdk/Plugin.hpp"

namespace orchestra::plugins::mcp_http {

struct McpHttpPlugin {
  static constexpr sdk::PluginInfo info{
      "mcp.http", "1.0.0", "MCP HTTP transport",
      "Talks to a remote MCP server over Streamable HTTP or HTTP+SSE."};
  static void init(sdk::Registrar& registrar);
};

}  // namespace orchestra::plugins::mcp_http
