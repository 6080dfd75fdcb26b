// core.trigger.manual: starts a workflow from the studio's "Run" button or POST /executions;
// the run's input data arrives on "main" and leaves unchanged on "main".
#pragma once

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::core {

class ManualTrigger final : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe();
  explicit ManualTrigger(const sdk::Json& config);
  sdk::NodeResult execute(sdk::NodeContext& context) const override;
};

}  // namespace orchestra::plugins::core
