// core.trigger.event: starts a workflow when another workflow of its workspace completes or
// fails, or when a named event is posted to POST /api/v1/events; the host's EventTriggers fire
// it, and the event (trigger data) arrives on "main" and leaves unchanged on "main".
#pragma once

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::core {

class EventTrigger final : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe();
  // Checks that `on` has the key it needs (workflow_id, or event for named events), so a
  // trigger that could never fire is refused when the workflow is saved.
  explicit EventTrigger(const sdk::Json& config);
  sdk::NodeResult execute(sdk::NodeContext& context) const override;
};

}  // namespace orchestra::plugins::core
