// ai.image: images from an AI provider the operator configured (ai.providers), by its id,
// through host_ai_generate_image, so the call is bounded by budgets and written to the ledger.
#pragma once

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::ai_tools {

class AiImageNode final : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe();
  explicit AiImageNode(const sdk::Json& config);

  // Output {"provider", "model", "images": [{"mime_type", "base64"} | {"url"}], "usage":
  // {"image_count"}}. Provider failures keep their class, like ai.chat's.
  sdk::NodeResult execute(sdk::NodeContext& context) const override;
};

}  // namespace orchestra::plugins::ai_tools
