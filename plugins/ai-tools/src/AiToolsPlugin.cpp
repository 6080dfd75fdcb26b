#include "AiToolsPlugin.hpp"

#include "AiChatNode.hpp"

namespace orchestra::plugins::ai_tools {

void AiToolsPlugin::init(sdk::Registrar& registrar) {
  registrar.addNodeType<AiChatNode>();
}

}  // namespace orchestra::plugins::ai_tools
