#include "AiToolsPlugin.hpp"

#include "AiAgentNode.hpp"
#include "AiChatNode.hpp"
#include "AiImageNode.hpp"

namespace orchestra::plugins::ai_tools {

void AiToolsPlugin::init(sdk::Registrar& registrar) {
  registrar.addNodeType<AiChatNode>();
  registrar.addNodeType<AiAgentNode>();
  registrar.addNodeType<AiImageNode>();
}

}  // namespace orchestra::plugins::ai_tools
