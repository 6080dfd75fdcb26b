#include "WebToolsPlugin.hpp"

#include "WebReadNode.hpp"
#include "WebSearchNode.hpp"

namespace orchestra::plugins::web_tools {

void WebToolsPlugin::init(sdk::Registrar& registrar) {
  registrar.addNodeType<WebSearchNode>();
  registrar.addNodeType<WebReadNode>();
}

}  // namespace orchestra::plugins::web_tools
