#include "RunInputs.hpp"

namespace orchestra::plugins::core {

const sdk::Json& runConfig(const sdk::NodeContext& context, const sdk::Json& created_config) {
  const sdk::Json& resolved = context.config();
  if (resolved.isObject() && resolved.asObject().empty()) return created_config;
  return resolved;
}

sdk::Json mainInput(const sdk::NodeContext& context) {
  const sdk::Json& main = context.input("main");
  return main.isNull() ? sdk::Json::object() : main;
}

}  // namespace orchestra::plugins::core
