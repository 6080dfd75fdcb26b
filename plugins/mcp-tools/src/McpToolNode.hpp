// mcp.tool: calls one tool of an MCP server of the execution's workspace with arguments built
// from expressions. A tool that reports isError fails the node permanently with the tool's own
// text; a server that cannot be reached is a transient failure the runtime retries.
#pragma once

#include <string>

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::mcp_tools {

class McpToolNode final : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe();
  explicit McpToolNode(const sdk::Json& config);
  sdk::NodeResult execute(sdk::NodeContext& context) const override;

  // The text parts of a CallToolResult's content, one per line.
  static std::string contentText(const sdk::Json& result);
};

}  // namespace orchestra::plugins::mcp_tools
