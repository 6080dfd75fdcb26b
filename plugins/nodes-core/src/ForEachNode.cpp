#include "ForEachNode.hpp"

#include <optional>
#include <string>

#include "ConfigReader.hpp"
#include "JsonPath.hpp"
#include "RunInputs.hpp"

namespace orchestra::plugins::core {

using sdk::Error;
using sdk::Json;

namespace {

struct Settings {
  std::optional<Json> items;           // the list itself (usually from an expression)
  std::optional<JsonPath> items_path;  // or where it sits in the "main" input
  int64_t max_items = ForEachNode::kDefaultMaxItems;
  bool truncate = false;
};

Settings readSettings(const Json& config, ConfigPhase phase) {
  ConfigReader reader(config, phase);
  reader.allowOnly({"items", "items_path", "max_items", "on_overflow"});
  Settings settings;
  if (reader.has("items") && reader.has("items_path")) {
    throw Error::validation("config.items and config.items_path exclude each other");
  }
  if (reader.has("items") && !reader.deferred("items")) {
    if (!reader.value("items").isArray()) throw Error::validation("config.items must be a list");
    settings.items = reader.value("items");
  }
  std::optional<std::string> path = reader.optionalString("items_path");
  if (path && !reader.deferred("items_path")) settings.items_path = JsonPath::parse(*path);
  settings.max_items =
      reader.integer("max_items", ForEachNode::kDefaultMaxItems, 1, ForEachNode::kMaxItemsLimit);
  settings.truncate =
      reader.enumString("on_overflow", {"error", "truncate"}, "error") == "truncate";
  return settings;
}

}  // namespace

sdk::ExtensionInfo ForEachNode::describe() {
  sdk::ExtensionInfo info;
  info.id = "core.foreach";
  info.display_name = "For Each";
  info.description =
      "Runs the branch on \"items\" once per element of a list (at most max_items), then "
      "continues on \"done\".";
  info.category = sdk::Category::Logic;
  info.config_schema =
      R"({"type":"object","properties":{)"
      R"("items":{"type":"array","description":"The list, usually an expression; default: )"
      R"(the main input"},)"
      R"("items_path":{"type":"string","minLength":1,"maxLength":200,)"
      R"("description":"Dotted path of the list inside the main input"},)"
      R"("max_items":{"type":"integer","minimum":1,"maximum":10000,"default":1000},)"
      R"("on_overflow":{"type":"string","enum":["error","truncate"],"default":"error",)"
      R"("description":"A longer list fails the node, or only its first max_items run"}},)"
      R"("not":{"required":["items","items_path"]},"additionalProperties":false})";
  info.inputs = {{"main"}};
  info.outputs = {{"items", ORC_PORT_ITEMS}, {"done"}};
  return info;
}

ForEachNode::ForEachNode(const Json& config) : config_(config) {
  readSettings(config_, ConfigPhase::Create);
}

sdk::NodeResult ForEachNode::execute(sdk::NodeContext& context) const {
  Settings settings = readSettings(runConfig(context, config_), ConfigPhase::Execute);
  Json input = mainInput(context);
  Json items;
  if (settings.items) {
    items = *settings.items;
  } else if (settings.items_path) {
    const Json* found = settings.items_path->find(input);
    if (found == nullptr) {
      throw Error::validation("foreach: the input has nothing at '" + settings.items_path->text() +
                              "'");
    }
    items = *found;
  } else {
    items = input;
  }
  if (!items.isArray()) throw Error::validation("foreach: the items are not a list");
  Json::Array& list = items.asArray();
  bool truncated = false;
  if (static_cast<int64_t>(list.size()) > settings.max_items) {
    if (!settings.truncate) {
      throw Error::validation("foreach: " + std::to_string(list.size()) +
                              " items exceed max_items " + std::to_string(settings.max_items));
    }
    list.resize(static_cast<size_t>(settings.max_items));
    truncated = true;
  }
  Json done = Json::object();
  done["count"] = Json(static_cast<int64_t>(list.size()));
  done["truncated"] = Json(truncated);
  sdk::NodeResult result;
  result.emit("items", items);
  result.emit("done", done);
  return result;
}

}  // namespace orchestra::plugins::core
