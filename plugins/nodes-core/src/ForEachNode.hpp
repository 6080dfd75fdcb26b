// core.foreach: hands a list to the runtime, which runs the "items" branch once per element;
// "done" carries a summary once the list is handed over. The list is bounded by max_items.
#pragma once

#include <cstdint>

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::core {

class ForEachNode final : public sdk::NodeType {
 public:
  static constexpr int64_t kDefaultMaxItems = 1000;
  static constexpr int64_t kMaxItemsLimit = 10000;

  static sdk::ExtensionInfo describe();
  explicit ForEachNode(const sdk::Json& config);
  // "items": the list (ORC_PORT_ITEMS), "done": {"count": n, "truncated": bool}.
  sdk::NodeResult execute(sdk::NodeContext& context) const override;

 private:
  sdk::Json config_;
};

}  // namespace orchestra::plugins::core
