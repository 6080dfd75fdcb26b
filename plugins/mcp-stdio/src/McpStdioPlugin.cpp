#include "McpStdioPlugin.hpp"

#include "StdioTransport.hpp"

namespace orchestra::plugins::mcp_stdio {

void McpStdioPlugin::init(sdk::Registrar& registrar) {
  registrar.addMcpTransport<StdioTransport>();
}

}  // namespace orchestra::plugins::mcp_stdio
