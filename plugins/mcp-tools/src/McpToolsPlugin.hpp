// The "mcp.tools" plugin: node types that call the tools of MCP servers configured in the host
// (the servers of the running execution's workspace, through host_mcp_call_tool).
#pragma once

#include "orchestra/sdk/Plugin.hpp"

namespace orchestra::plugins::mcp_tools {

struct McpToolsPlugin {
  static constexpr sdk::PluginInfo info{"mcp.tools", "1.0.0", "MCP tools",
                                        "Calls a tool of an MCP server of the workspace."};
  static void init(sdk::Registrar& registrar);
};

}  // namespace orchestra::plugins::mcp_tools
