// core.loop: the plan's "while" loop. Sends its input down "body" while a condition holds; the
// runtime feeds what the body produced back into it (with the pass number) until the condition
// fails or max_iterations passes ran, and it emits on "done".
#pragma once

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::core {

class LoopNode final : public sdk::NodeType {
 public:
  static constexpr int64_t kDefaultMaxIterations = 100;
  static constexpr int64_t kMaxIterationsLimit = 10000;

  static sdk::ExtensionInfo describe();
  explicit LoopNode(sdk::Json config);
  sdk::NodeResult execute(sdk::NodeContext& context) const override;

 private:
  sdk::Json config_;
};

}  // namespace orchestra::plugins::core
