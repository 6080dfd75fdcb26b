#include "McpHttpPlugin.hpp"

#include "HttpTransport.hpp"

namespace orchestra::plugins::mcp_http {

void McpHttpPlugin::init(sdk::Registrar& registrar) {
  registrar.addMcpTransport<HttpTransport>();
}

}  // namespace orchestra::plugins::mcp_http
