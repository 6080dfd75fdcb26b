// core.merge: joins the branches arriving on input_0..input_3 into one JSON value, by
// appending lists, combining objects that share a key, or collecting every input by port.
#pragma once

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::core {

class MergeNode final : public sdk::NodeType {
 public:
  // The ABI has no dynamic inputs: the node offers a fixed set of optional ports.
  static constexpr size_t kInputPortCount = 4;

  static sdk::ExtensionInfo describe();
  explicit MergeNode(const sdk::Json& config);
  sdk::NodeResult execute(sdk::NodeContext& context) const override;

 private:
  sdk::Json config_;
};

}  // namespace orchestra::plugins::core
