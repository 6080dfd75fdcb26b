#include "EventTrigger.hpp"

#include "ConfigReader.hpp"
#include "RunInputs.hpp"

namespace orchestra::plugins::core {

using sdk::Error;

sdk::ExtensionInfo EventTrigger::describe() {
  sdk::ExtensionInfo info;
  info.id = "core.trigger.event";
  info.display_name = "Event Trigger";
  info.description =
      "Starts the workflow when another workflow of the workspace completes or fails, or when "
      "a named event is posted to /api/v1/events, and passes the event on.";
  info.category = sdk::Category::Trigger;
  info.config_schema =
      R"({"type":"object","properties":{)"
      R"("on":{"type":"string","enum":["workflow_completed","workflow_failed","named"],)"
      R"("description":"What fires the trigger"},)"
      R"("workflow_id":{"type":"string","minLength":1,"maxLength":64,)"
      R"("description":"The workflow whose completion or failure fires it, in the same )"
      R"(workspace"},)"
      R"("event":{"type":"string","minLength":1,"maxLength":200,)"
      R"("description":"The event name, for on: named"}},)"
      R"("required":["on"],"additionalProperties":false})";
  info.outputs = {{"main"}};
  return info;
}

EventTrigger::EventTrigger(const sdk::Json& config) {
  ConfigReader reader(config, ConfigPhase::Create);
  const std::string on =
      reader.enumString("on", {"workflow_completed", "workflow_failed", "named"}, "");
  // The host matches triggers on their saved config, so these keys cannot wait for a run.
  if (on.empty()) throw Error::validation("config.on must be a fixed value, not an expression");
  const char* needed = on == "named" ? "event" : "workflow_id";
  const std::optional<std::string> value = reader.optionalString(needed);
  if (!value || value->empty() || reader.deferred(needed)) {
    throw Error::validation("config." + std::string(needed) + " is required when on is '" + on +
                            "' (a fixed value, not an expression)");
  }
}

sdk::NodeResult EventTrigger::execute(sdk::NodeContext& context) const {
  return sdk::NodeResult::on("main", mainInput(context));
}

}  // namespace orchestra::plugins::core
