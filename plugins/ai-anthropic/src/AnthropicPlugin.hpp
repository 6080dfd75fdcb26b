// The "ai.anthropic" plugin: registers the AI provider that speaks Anthropic's Messages API
// (Claude) through the host's outbound HTTP client.
#pragma once

#include "orchestra/sdk/Plugin.hpp"

namespace orchestra::plugins::anthropic {

struct AnthropicPlugin {
  static constexpr sdk::PluginInfo info{"ai.anthropic", "1.0.0", "Anthropic Claude",
                                        "Claude's Messages API as an AI provider: tools, "
                                        "streaming, prompt-cache usage."};
  static void init(sdk::Registrar& registrar);
};

}  // namespace orchestra::plugins::anthropic
