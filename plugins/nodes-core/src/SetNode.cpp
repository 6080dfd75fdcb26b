#include "SetNode.hpp"

#include <string>
#include <utility>
#include <vector>

#include "ConfigReader.hpp"
#include "JsonPath.hpp"
#include "RunInputs.hpp"

namespace orchestra::plugins::core {

using sdk::Error;
using sdk::Json;

namespace {

struct Settings {
  std::vector<std::pair<JsonPath, Json>> assignments;  // applied in order
  bool keep_input = false;
};

// `values` is {"a.b": 1, ...} (applied in key order) or [{"path": "a.b", "value": 1}, ...]
// (applied in list order, for when one assignment builds on another).
Settings readSettings(const Json& config, ConfigPhase phase) {
  ConfigReader reader(config, phase);
  reader.allowOnly({"values", "keep_input"});
  Settings settings;
  settings.keep_input = reader.boolean("keep_input", false);
  const Json& values = reader.value("values");
  if (values.isNull()) throw Error::validation("config.values is required");
  if (values.isObject()) {
    for (const auto& [path, value] : values.asObject()) {
      settings.assignments.emplace_back(JsonPath::parse(path), value);
    }
  } else if (values.isArray()) {
    for (size_t i = 0; i < values.asArray().size(); ++i) {
      ConfigReader entry(values.asArray()[i], phase, "config.values[" + std::to_string(i) + "]");
      entry.allowOnly({"path", "value"});
      if (!values.asArray()[i].contains("value")) {
        throw Error::validation(entry.name("value") + " is required");
      }
      settings.assignments.emplace_back(JsonPath::parse(entry.requiredString("path")),
                                        entry.value("value"));
    }
  } else {
    throw Error::validation("config.values must be an object or a list of {path, value}");
  }
  if (settings.assignments.size() > SetNode::kMaxAssignments) {
    throw Error::validation("config.values holds more than " +
                            std::to_string(SetNode::kMaxAssignments) + " assignments");
  }
  return settings;
}

}  // namespace

sdk::ExtensionInfo SetNode::describe() {
  sdk::ExtensionInfo info;
  info.id = "core.set";
  info.display_name = "Set";
  info.description =
      "Builds new JSON by setting values at dotted paths, starting from an empty object or "
      "from the input.";
  info.category = sdk::Category::Logic;
  info.config_schema =
      R"({"type":"object","properties":{)"
      R"("values":{"oneOf":[)"
      R"({"type":"object","maxProperties":200,"propertyNames":{"minLength":1,"maxLength":200},)"
      R"("description":"{\"dotted.path\": value}, applied in key order"},)"
      R"({"type":"array","maxItems":200,"items":{"type":"object","properties":{)"
      R"("path":{"type":"string","minLength":1,"maxLength":200},"value":{}},)"
      R"("required":["path","value"],"additionalProperties":false},)"
      R"("description":"[{path, value}], applied in list order"}]},)"
      R"("keep_input":{"type":"boolean","default":false,)"
      R"("description":"Start from the input instead of an empty object"}},)"
      R"("required":["values"],"additionalProperties":false})";
  info.inputs = {{"main"}};
  info.outputs = {{"main"}};
  return info;
}

SetNode::SetNode(const Json& config) : config_(config) {
  readSettings(config_, ConfigPhase::Create);
}

sdk::NodeResult SetNode::execute(sdk::NodeContext& context) const {
  Settings settings = readSettings(runConfig(context, config_), ConfigPhase::Execute);
  Json output = settings.keep_input ? mainInput(context) : Json::object();
  for (auto& [path, value] : settings.assignments)
    path.assign(output, std::move(value));
  return sdk::NodeResult::on("main", output);
}

}  // namespace orchestra::plugins::core
