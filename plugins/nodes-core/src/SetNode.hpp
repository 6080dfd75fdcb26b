// core.set: builds new JSON from assignments "dotted.path = value" (values usually come from
// expressions), on top of the input or of an empty object.
#pragma once

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::core {

class SetNode final : public sdk::NodeType {
 public:
  static constexpr size_t kMaxAssignments = 200;

  static sdk::ExtensionInfo describe();
  explicit SetNode(const sdk::Json& config);
  sdk::NodeResult execute(sdk::NodeContext& context) const override;

 private:
  sdk::Json config_;
};

}  // namespace orchestra::plugins::core
