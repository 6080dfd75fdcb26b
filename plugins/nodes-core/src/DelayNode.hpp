// core.delay: waits duration_ms, then passes its input on; the wait stops early with
// ORC_ERR_CANCELLED when the execution is cancelled or its deadline passes.
#pragma once

#include <cstdint>

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::core {

class DelayNode final : public sdk::NodeType {
 public:
  // A waiting node holds a worker: long pauses belong to a schedule, not to a delay.
  static constexpr int64_t kMaxDurationMs = int64_t{60} * 60 * 1000;
  // How often the wait looks at the host's cancellation flag.
  static constexpr int64_t kPollIntervalMs = 50;

  static sdk::ExtensionInfo describe();
  explicit DelayNode(const sdk::Json& config);
  sdk::NodeResult execute(sdk::NodeContext& context) const override;

 private:
  sdk::Json config_;
};

}  // namespace orchestra::plugins::core
