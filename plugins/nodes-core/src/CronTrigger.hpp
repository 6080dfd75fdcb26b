// core.trigger.cron: starts a workflow on a five-field cron schedule in a time zone; the
// host's scheduler fires it and this node emits {"fired_at": …} on "main".
#pragma once

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::core {

class CronTrigger final : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe();
  // Parses the expression so a bad schedule is refused when the workflow is saved.
  explicit CronTrigger(const sdk::Json& config);
  // {"fired_at": <the scheduler's "fired_at" from "main", else now, ISO 8601 UTC>,
  //  "expression": "...", "timezone": "..."}
  sdk::NodeResult execute(sdk::NodeContext& context) const override;

 private:
  sdk::Json config_;
};

}  // namespace orchestra::plugins::core
