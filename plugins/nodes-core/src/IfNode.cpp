#include "IfNode.hpp"

#include "Condition.hpp"
#include "ConfigReader.hpp"
#include "RunInputs.hpp"

namespace orchestra::plugins::core {

using sdk::Error;
using sdk::Json;

namespace {

Condition readCondition(const Json& config, ConfigPhase phase) {
  ConfigReader reader(config, phase);
  reader.allowOnly({"condition"});
  const Json* condition = reader.object("condition");
  if (condition == nullptr) throw Error::validation("config.condition is required");
  return Condition::parse(*condition, phase, "config.condition");
}

}  // namespace

sdk::ExtensionInfo IfNode::describe() {
  sdk::ExtensionInfo info;
  info.id = "core.if";
  info.display_name = "If";
  info.description =
      "Routes the input to \"true\" or \"false\" by comparing two values (equality, order, "
      "text, emptiness or a regular expression).";
  info.category = sdk::Category::Logic;
  info.config_schema = R"({"type":"object","properties":{"condition":)" + Condition::schema() +
                       R"(},"required":["condition"],"additionalProperties":false})";
  info.inputs = {{"main"}};
  info.outputs = {{"true"}, {"false"}};
  return info;
}

IfNode::IfNode(const Json& config) : config_(config) {
  readCondition(config_, ConfigPhase::Create);
}

sdk::NodeResult IfNode::execute(sdk::NodeContext& context) const {
  Condition condition = readCondition(runConfig(context, config_), ConfigPhase::Execute);
  return sdk::NodeResult::on(condition.evaluate() ? "true" : "false", mainInput(context));
}

}  // namespace orchestra::plugins::core
