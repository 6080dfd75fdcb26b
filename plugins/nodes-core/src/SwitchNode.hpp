// core.switch: sends its input down the branch of the first (or every) matching case,
// "case_0".."case_N", or down "default" when none matches.
#pragma once

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::core {

class SwitchNode final : public sdk::NodeType {
 public:
  static constexpr size_t kMaxCases = 64;

  static sdk::ExtensionInfo describe();
  explicit SwitchNode(const sdk::Json& config);
  sdk::NodeResult execute(sdk::NodeContext& context) const override;

 private:
  sdk::Json config_;
};

}  // namespace orchestra::plugins::core
