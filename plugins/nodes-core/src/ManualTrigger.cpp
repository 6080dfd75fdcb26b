#include "ManualTrigger.hpp"

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

// Nothing to check: the host validated the config against the schema above before create, and
// no run reads it (sample_payload is for the studio).
ManualTrigger::ManualTrigger(const sdk::Json&) {}

sdk::NodeResult ManualTrigger::execute(sdk::NodeContext& context) const {
  return sdk::NodeResult::on("main", mainInput(context));
}

}  // namespace orchestra::plugins::core
