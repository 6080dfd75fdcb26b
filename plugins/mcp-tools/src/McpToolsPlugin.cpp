#include "McpToolsPlugin.hpp"

#include "McpToolNode.hpp"

namespace orchestra::plugins::mcp_tools {

void McpToolsPlugin::init(sdk::Registrar& registrar) {
  registrar.addNodeType<McpToolNode>();
}

}  // namespace orchestra::plugins::mcp_tools
