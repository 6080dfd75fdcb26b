// core.if: sends its input down the "true" or the "false" branch depending on one condition
// (left <operator> right) over values the runtime resolved from expressions.
#pragma once

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::core {

class IfNode final : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe();
  explicit IfNode(const sdk::Json& config);
  sdk::NodeResult execute(sdk::NodeContext& context) const override;

 private:
  sdk::Json config_;
};

}  // namespace orchestra::plugins::core
