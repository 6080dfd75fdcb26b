// The "ai.tools" plugin: node types that use the host's configured AI providers (ai.chat, ai.agent
// with its tool loop, and ai.image).
#pragma once

#include "orchestra/sdk/Plugin.hpp"

namespace orchestra::plugins::ai_tools {

struct AiToolsPlugin {
  static constexpr sdk::PluginInfo info{"ai.tools", "1.0.0", "AI nodes",
                                        "Workflow nodes that call the host's AI providers."};
  static void init(sdk::Registrar& registrar);
};

}  // namespace orchestra::plugins::ai_tools
