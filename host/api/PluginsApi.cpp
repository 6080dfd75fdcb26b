#include "host/api/PluginsApi.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace orchestra::api {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Array::Ptr portsJson(const std::vector<plugins::PortInfo>& ports, bool input) {
  Array::Ptr array(new Array);
  for (const auto& port : ports) {
    Object::Ptr item(new Object(Poco::JSON_PRESERVE_KEY_ORDER));
    item->set("name", port.name);
    if (input) {
      item->set("optional", (port.flags & ORC_PORT_OPTIONAL) != 0);
    } else {
      item->set("items", (port.flags & ORC_PORT_ITEMS) != 0);
    }
    array->add(item);
  }
  return array;
}

std::string listDocument(const Array::Ptr& items) {
  Object document(Poco::JSON_PRESERVE_KEY_ORDER);
  document.set("items", items);
  document.set("total", items->size());
  document.set("limit", items->size());
  document.set("offset", 0);
  std::ostringstream out;
  document.stringify(out);
  return out.str();
}

}  // namespace

std::string nodeTypesDocument(const plugins::PluginRegistry& registry) {
  Array::Ptr items(new Array);
  Poco::JSON::Parser parser;
  for (const auto* entry : registry.nodeTypes().list()) {
    const auto& info = entry->info;
    Object::Ptr item(new Object(Poco::JSON_PRESERVE_KEY_ORDER));
    item->set("id", info.id);
    item->set("category", std::string(plugins::categoryName(info.category)));
    item->set("display_name", info.display_name);
    item->set("description", info.description);
    item->set("type_version", info.type_version);
    // Compiled at registration, so it parses.
    item->set("config_schema", parser.parse(info.config_schema_json));
    parser.reset();
    item->set("input_ports", portsJson(info.input_ports, true));
    item->set("output_ports", portsJson(info.output_ports, false));
    item->set("dynamic_outputs", (info.flags & ORC_EXTENSION_DYNAMIC_OUTPUTS) != 0);
    item->set("side_effects", (info.flags & ORC_EXTENSION_SIDE_EFFECTS) != 0);
    item->set("plugin", info.owner_plugin_id);
    items->add(item);
  }
  return listDocument(items);
}

std::string pluginsDocument(const plugins::PluginRegistry& registry) {
  Array::Ptr items(new Array);
  for (const auto& record : registry.plugins()) {
    Object::Ptr item(new Object(Poco::JSON_PRESERVE_KEY_ORDER));
    item->set("id", record.id);
    item->set("version", record.version);
    item->set("name", record.name);
    item->set("file", record.file);
    item->set("required", record.required);
    item->set("state", record.state == plugins::PluginState::Loaded ? "loaded" : "failed");
    if (record.state == plugins::PluginState::Failed) item->set("error", record.failure);
    Array::Ptr extensions(new Array);
    for (const auto& id : record.extension_ids)
      extensions->add(id);
    item->set("extensions", extensions);
    items->add(item);
  }
  return listDocument(items);
}

void registerPluginRoutes(http::Router& router, const plugins::PluginRegistry& registry) {
  constexpr const char* kListSchema =
      R"({"type":"object","properties":{"items":{"type":"array","items":{"type":"object"}},)"
      R"("total":{"type":"integer"},"limit":{"type":"integer"},"offset":{"type":"integer"}}})";
  // The registry is fixed once the host serves, so both documents are built once.
  const std::string node_types = nodeTypesDocument(registry);
  const std::string plugins = pluginsDocument(registry);

  http::RouteDoc node_types_doc;
  node_types_doc.summary = "Node types the loaded plugins provide";
  node_types_doc.description =
      "Id, category, display name, description, config JSON Schema, ports and owning plugin of "
      "every node type, for the studio's palette.";
  node_types_doc.tags = {"plugins"};
  node_types_doc.responses[200] = {"Every registered node type, sorted by id", kListSchema};
  router.add(
      "GET", "/api/v1/node-types",
      [node_types](http::Request&) { return http::Response::json(200, node_types); },
      std::move(node_types_doc));

  http::RouteDoc plugins_doc;
  plugins_doc.summary = "Configured plugins, loaded or failed";
  plugins_doc.tags = {"plugins"};
  plugins_doc.responses[200] = {"Every plugin of plugins.load with its state", kListSchema};
  router.add(
      "GET", "/api/v1/plugins",
      [plugins](http::Request&) { return http::Response::json(200, plugins); },
      std::move(plugins_doc));
}

}  // namespace orchestra::api
