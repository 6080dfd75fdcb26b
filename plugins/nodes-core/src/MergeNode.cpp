#include "MergeNode.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ConfigReader.hpp"
#include "JsonPath.hpp"
#include "RunInputs.hpp"

namespace orchestra::plugins::core {

using sdk::Error;
using sdk::Json;

namespace {

std::string portName(size_t index) {
  return "input_" + std::to_string(index);
}

struct Settings {
  std::string mode;
  std::optional<JsonPath> key;
};

Settings readSettings(const Json& config, ConfigPhase phase) {
  ConfigReader reader(config, phase);
  reader.allowOnly({"mode", "key"});
  Settings settings;
  settings.mode = reader.enumString("mode", {"append", "combine_by_key", "wait_all"}, "append");
  std::optional<std::string> key = reader.optionalString("key");
  if (key && !reader.deferred("key")) settings.key = JsonPath::parse(*key);
  if (settings.mode == "combine_by_key" && !key) {
    throw Error::validation("config.key is required when config.mode is combine_by_key");
  }
  return settings;
}

// Lists are spliced, single values appended, absent inputs skipped, in port order.
Json appendAll(const std::vector<const Json*>& inputs) {
  Json merged = Json::array();
  for (const Json* input : inputs) {
    if (input->isArray()) {
      for (const Json& item : input->asArray())
        merged.push(item);
    } else {
      merged.push(*input);
    }
  }
  return merged;
}

// Objects whose key (a dotted path) has the same value become one object; fields of later
// ports override earlier ones. Items without the key are kept as they are.
Json combineByKey(const std::vector<const Json*>& inputs, const JsonPath& key) {
  Json appended = appendAll(inputs);
  Json merged = Json::array();
  std::map<std::string, size_t> position_of_key;
  for (Json& item : appended.asArray()) {
    const Json* value = item.isObject() ? key.find(item) : nullptr;
    if (value == nullptr || value->isNull()) {
      merged.push(std::move(item));
      continue;
    }
    std::string identity = value->dump();
    auto found = position_of_key.find(identity);
    if (found == position_of_key.end()) {
      position_of_key.emplace(identity, merged.asArray().size());
      merged.push(std::move(item));
      continue;
    }
    Json& target = merged.asArray()[found->second];
    for (auto& [name, field] : item.asObject())
      target[name] = std::move(field);
  }
  return merged;
}

}  // namespace

sdk::ExtensionInfo MergeNode::describe() {
  sdk::ExtensionInfo info;
  info.id = "core.merge";
  info.display_name = "Merge";
  info.description =
      "Waits for its incoming branches and merges them: append lists, combine objects by a "
      "key, or collect every input by port.";
  info.category = sdk::Category::Logic;
  info.config_schema =
      R"({"type":"object","properties":{)"
      R"("mode":{"type":"string","enum":["append","combine_by_key","wait_all"],)"
      R"("default":"append","description":"append: one list of every input's items; )"
      R"(combine_by_key: objects with the same key merged; wait_all: {input_0: …, input_1: …}"},)"
      R"("key":{"type":"string","minLength":1,"maxLength":200,)"
      R"("description":"Dotted path of the key, for combine_by_key"}},)"
      R"("if":{"properties":{"mode":{"const":"combine_by_key"}},"required":["mode"]},)"
      R"("then":{"required":["key"]},"additionalProperties":false})";
  for (size_t i = 0; i < kInputPortCount; ++i) {
    info.inputs.push_back({portName(i), ORC_PORT_OPTIONAL});
  }
  info.outputs = {{"main"}};
  return info;
}

MergeNode::MergeNode(const Json& config) : config_(config) {
  readSettings(config_, ConfigPhase::Create);
}

sdk::NodeResult MergeNode::execute(sdk::NodeContext& context) const {
  Settings settings = readSettings(runConfig(context, config_), ConfigPhase::Execute);
  std::vector<const Json*> inputs;
  Json by_port = Json::object();
  for (size_t i = 0; i < kInputPortCount; ++i) {
    const Json* input = context.input().find(portName(i));
    if (input == nullptr || input->isNull()) continue;
    inputs.push_back(input);
    by_port[portName(i)] = *input;
  }
  if (settings.mode == "wait_all") return sdk::NodeResult::on("main", by_port);
  if (settings.mode == "combine_by_key") {
    return sdk::NodeResult::on("main", combineByKey(inputs, *settings.key));
  }
  return sdk::NodeResult::on("main", appendAll(inputs));
}

}  // namespace orchestra::plugins::core
