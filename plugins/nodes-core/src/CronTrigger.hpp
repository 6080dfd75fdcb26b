// core.trigger.cron: starts a workflow on a cron schedule in a time zone; the host's scheduler
// (host/runtime/CronScheduler) fires it and this node emits {"scheduled_at", "fired_at", …}.
#pragma once

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::core {

class CronTrigger final : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe();
  // Parses the expression so a bad schedule is refused when the workflow is saved.
  explicit CronTrigger(sdk::Json config);
  // {"scheduled_at": <the tick, when the scheduler gave one>,
  //  "fired_at": <the scheduler's "fired_at" from "main", else now, ISO 8601 UTC>,
  //  "expression": "...", "timezone": "..."}
  sdk::NodeResult execute(sdk::NodeContext& context) const override;

 private:
  sdk::Json config_;
};

}  // namespace orchestra::plugins::core
