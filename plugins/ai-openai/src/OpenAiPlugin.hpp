// The "ai.openai" plugin: registers the AI provider for OpenAI-compatible APIs (chat
// completions and images) through the host's outbound HTTP client.
#pragma once

#include "orchestra/sdk/Plugin.hpp"

namespace orchestra::plugins::openai {

struct OpenAiPlugin {
  static constexpr sdk::PluginInfo info{"ai.openai", "1.0.0", "OpenAI-compatible",
                                        "Chat completions and images from OpenAI or any server "
                                        "that speaks its API."};
  static void init(sdk::Registrar& registrar);
};

}  // namespace orchestra::plugins::openai
