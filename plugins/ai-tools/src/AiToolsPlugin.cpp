#include "AiToolsPlugin.hpp"

#include "AiAgentNode.hpp"
#include "AiChatNode.hpp"

namespace orchestra::plugins::ai_tools {

void AiToolsPlugin::init(sdk::Registrar& registrar) {
  registrar.addNodeType<AiChatNode>();
  registrar.addNodeType<AiAgentNode>();
}

}  // namespace orchestra::plugins::ai_tools
