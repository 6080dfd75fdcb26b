#include "LoopNode.hpp"

#include "Condition.hpp"
#include "ConfigReader.hpp"
#include "RunInputs.hpp"

namespace orchestra::plugins::core {

using sdk::Error;
using sdk::Json;

namespace {

struct Settings {
  Condition condition;
  int64_t max_iterations = LoopNode::kDefaultMaxIterations;
};

Settings readSettings(const Json& config, ConfigPhase phase) {
  ConfigReader reader(config, phase);
  reader.allowOnly({"condition", "max_iterations"});
  const Json* condition = reader.object("condition");
  if (condition == nullptr) throw Error::validation("config.condition is required");
  return {Condition::parse(*condition, phase, "config.condition"),
          reader.integer("max_iterations", LoopNode::kDefaultMaxIterations, 1,
                         LoopNode::kMaxIterationsLimit)};
}

}  // namespace

sdk::ExtensionInfo LoopNode::describe() {
  sdk::ExtensionInfo info;
  info.id = "core.loop";
  info.display_name = "Loop";
  info.description =
      "Runs the branch on \"body\" again and again while the condition holds (at most "
      "max_iterations passes), each pass on what the previous one produced, then continues on "
      "\"done\". In the condition, {{ item }} is the value entering the pass.";
  info.category = sdk::Category::Logic;
  info.config_schema = R"({"type":"object","properties":{"condition":)" + Condition::schema() +
                       R"(,"max_iterations":{"type":"integer","minimum":1,"maximum":10000,)"
                       R"("default":100}},"required":["condition"],"additionalProperties":false})";
  info.inputs = {{"main"}};
  info.outputs = {{"body"}, {"done"}};
  return info;
}

LoopNode::LoopNode(Json config) : config_(std::move(config)) {
  readSettings(config_, ConfigPhase::Create);
}

sdk::NodeResult LoopNode::execute(sdk::NodeContext& context) const {
  Settings settings = readSettings(runConfig(context, config_), ConfigPhase::Execute);
  const Json& iteration = context.input("iteration");
  const int64_t passes = iteration.isNull() ? 0 : iteration.asInt();
  if (passes < settings.max_iterations && settings.condition.evaluate()) {
    return sdk::NodeResult::on("body", mainInput(context));
  }
  Json done = Json::object();
  done["value"] = mainInput(context);
  done["iterations"] = Json(passes);
  return sdk::NodeResult::on("done", done);
}

}  // namespace orchestra::plugins::core
