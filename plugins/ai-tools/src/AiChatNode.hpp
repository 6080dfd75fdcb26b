// ai.chat: one chat call to an AI provider the operator configured (ai.providers), by its id.
// Streams the answer's text as progress events while it arrives; outputs the message, the
// finish reason and the token usage.
#pragma once

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::ai_tools {

// The provider-neutral chat request (abi.h) a config describes: messages as given, or one user
// message from `prompt`; system, model, temperature, max_tokens and tools passed on.
// Throws sdk::Error (validation) for a config without prompt or messages.
sdk::Json chatRequestFromConfig(const sdk::Json& config);

class AiChatNode final : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe();
  explicit AiChatNode(const sdk::Json& config);

  // Provider failures keep their class (429/529/5xx transient, 4xx permanent, budget_exceeded
  // permanent); a cancelled execution stops the stream.
  sdk::NodeResult execute(sdk::NodeContext& context) const override;
};

}  // namespace orchestra::plugins::ai_tools
