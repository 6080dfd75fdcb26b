// The "mcp.stdio" plugin: registers the MCP transport that talks to a local MCP server over the
// stdin/stdout of a process the host spawns under its spawn rules.
#pragma once

#include "orchestra/sdk/Plugin.hpp"

namespace orchestra::plugins::mcp_stdio {

struct McpStdioPlugin {
  static constexpr sdk::PluginInfo info{"mcp.stdio", "1.0.0", "MCP stdio transport",
                                        "Runs a local MCP server as a child process and exchanges "
                                        "newline-delimited JSON-RPC with it."};
  static void init(sdk::Registrar& registrar);
};

}  // namespace orchestra::plugins::mcp_stdio
