#include "ManualTrigger.hpp"

#include "ConfigReader.hpp"
#include "RunInputs.hpp"

namespace orchestra::plugins::core {

sdk::ExtensionInfo ManualTrigger::describe() {
  sdk::ExtensionInfo info;
  info.id = "core.trigger.manual";
  info.display_name = "Manual Trigger";
  info.description =
      "Starts the workflow on demand (the Run button or the API) and passes the run's input on.";
  info.category = sdk::Category::Trigger;
  info.config_schema = R"({"type":"object","properties":{)"
                       R"("sample_payload":{"description":"Example input the studio offers for )"
                       R"(test runs; not used by real runs"}},"additionalProperties":false})";
  info.outputs = {{"main"}};
  return info;
}

ManualTrigger::ManualTrigger(const sdk::Json& config) {
  ConfigReader(config, ConfigPhase::Create).allowOnly({"sample_payload"});
}

sdk::NodeResult ManualTrigger::execute(sdk::NodeContext& context) const {
  return sdk::NodeResult::on("main", mainInput(context));
}

}  // namespace orchestra::plugins::core
