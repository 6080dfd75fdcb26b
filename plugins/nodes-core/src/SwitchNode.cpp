#include "SwitchNode.hpp"

#include <optional>
#include <string>
#include <vector>

#include "Condition.hpp"
#include "ConfigReader.hpp"
#include "RunInputs.hpp"

namespace orchestra::plugins::core {

using sdk::Error;
using sdk::Json;

namespace {

struct Rules {
  std::vector<Condition> cases;  // a {"value": v} case is "switch value eq v"
  bool all_matches = false;
  std::string fallback;  // "default" | "none" | "error"
};

Rules readRules(const Json& config, ConfigPhase phase) {
  ConfigReader reader(config, phase);
  reader.allowOnly({"value", "cases", "mode", "fallback"});
  Rules rules;
  rules.all_matches = reader.enumString("mode", {"first", "all"}, "first") == "all";
  rules.fallback = reader.enumString("fallback", {"default", "none", "error"}, "default");
  const Json* cases = reader.array("cases");
  if (cases == nullptr) throw Error::validation("config.cases is required");
  if (cases->asArray().empty() || cases->asArray().size() > SwitchNode::kMaxCases) {
    throw Error::validation("config.cases must hold 1 to " + std::to_string(SwitchNode::kMaxCases) +
                            " cases");
  }
  for (size_t i = 0; i < cases->asArray().size(); ++i) {
    std::string where = "config.cases[" + std::to_string(i) + "]";
    ConfigReader entry(cases->asArray()[i], phase, where);
    entry.allowOnly({"value", "condition", "label"});
    entry.optionalString("label");
    bool has_value = cases->asArray()[i].contains("value");
    const Json* condition = entry.object("condition");
    if (has_value == (condition != nullptr || entry.deferred("condition"))) {
      throw Error::validation(where + " needs exactly one of 'value' or 'condition'");
    }
    if (condition != nullptr) {
      rules.cases.push_back(Condition::parse(*condition, phase, where + ".condition"));
      continue;
    }
    if (!config.contains("value")) {
      throw Error::validation(where + " compares with config.value, which is missing");
    }
    Json equality = Json::object();
    equality["left"] = reader.value("value");
    equality["operator"] = Json("eq");
    equality["right"] = entry.value("value");
    rules.cases.push_back(Condition::parse(equality, phase, where));
  }
  return rules;
}

}  // namespace

sdk::ExtensionInfo SwitchNode::describe() {
  sdk::ExtensionInfo info;
  info.id = "core.switch";
  info.display_name = "Switch";
  info.description =
      "Routes the input to the branch of the first matching case (case_0, case_1, ...) or to "
      "\"default\".";
  info.category = sdk::Category::Logic;
  info.config_schema =
      R"({"type":"object","properties":{)"
      R"("value":{"description":"Compared (eq) with each case's value"},)"
      R"("cases":{"type":"array","minItems":1,"maxItems":64,"items":{"type":"object",)"
      R"("properties":{"value":{},"condition":)" +
      Condition::schema() +
      R"(,"label":{"type":"string","maxLength":100}},)"
      R"("oneOf":[{"required":["value"]},{"required":["condition"]}],)"
      R"("additionalProperties":false}},)"
      R"("mode":{"type":"string","enum":["first","all"],"default":"first",)"
      R"("description":"first: only the first matching case; all: every matching case"},)"
      R"("fallback":{"type":"string","enum":["default","none","error"],"default":"default",)"
      R"("description":"When no case matches: emit on default, emit nothing, or fail"}},)"
      R"("required":["cases"],"additionalProperties":false})";
  info.inputs = {{"main"}};
  info.outputs = {{"default"}};  // case_<i> ports follow the config
  info.flags = ORC_EXTENSION_DYNAMIC_OUTPUTS;
  return info;
}

SwitchNode::SwitchNode(const Json& config) : config_(config) {
  readRules(config_, ConfigPhase::Create);
}

sdk::NodeResult SwitchNode::execute(sdk::NodeContext& context) const {
  Rules rules = readRules(runConfig(context, config_), ConfigPhase::Execute);
  Json input = mainInput(context);
  sdk::NodeResult result;
  bool matched = false;
  for (size_t i = 0; i < rules.cases.size(); ++i) {
    if (!rules.cases[i].evaluate()) continue;
    result.emit("case_" + std::to_string(i), input);
    matched = true;
    if (!rules.all_matches) break;
  }
  if (matched) return result;
  if (rules.fallback == "error") throw Error::permanent("switch: no case matched");
  if (rules.fallback == "default") result.emit("default", input);
  return result;
}

}  // namespace orchestra::plugins::core
