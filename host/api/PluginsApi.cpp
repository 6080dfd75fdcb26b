#include "host/api/PluginsApi.hpp"

#include <Poco/JSON/Parser.h>

#include "host/auth/Policy.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/http/Pagination.hpp"

namespace orchestra::api {

namespace {

void writePorts(text::JsonWriter& json, const std::vector<plugins::PortInfo>& ports, bool input) {
  json.beginArray();
  for (const auto& port : ports) {
    json.beginObject().field("name", port.name);
    if (input) {
      json.field("optional", (port.flags & ORC_PORT_OPTIONAL) != 0);
    } else {
      json.field("items", (port.flags & ORC_PORT_ITEMS) != 0);
    }
    json.endObject();
  }
  json.endArray();
}

Poco::Dynamic::Var parsedSchema(const std::string& schema_json) {
  if (schema_json.empty()) return Poco::JSON::Object::Ptr(new Poco::JSON::Object);
  Poco::JSON::Parser parser;
  return parser.parse(schema_json);
}

// Neither list is paginated (an installation has tens of entries): the envelope says so.
template <typename Items, typename WriteItem>
std::string wholeList(const Items& items, WriteItem&& write_item) {
  const auto count = static_cast<std::int64_t>(items.size());
  text::JsonWriter json;
  http::writeList(json, items, count, http::PageRequest{count, 0},
                  std::forward<WriteItem>(write_item));
  return std::move(json).finish();
}

}  // namespace

std::string nodeTypesDocument(const plugins::PluginRegistry& registry) {
  return wholeList(registry.nodeTypes().list(), [](text::JsonWriter& json, const auto* entry) {
    const auto& info = entry->info;
    json.beginObject()
        .field("id", info.id)
        .field("category", plugins::categoryName(info.category))
        .field("display_name", info.display_name)
        .field("description", info.description)
        .field("type_version", info.type_version)
        // Compiled at registration, so it parses; re-written so the plugin's text cannot
        // smuggle anything but JSON into the document.
        .field("config_schema", parsedSchema(info.config_schema_json))
        .key("input_ports");
    writePorts(json, info.input_ports, true);
    json.key("output_ports");
    writePorts(json, info.output_ports, false);
    json.field("dynamic_outputs", (info.flags & ORC_EXTENSION_DYNAMIC_OUTPUTS) != 0)
        .field("side_effects", (info.flags & ORC_EXTENSION_SIDE_EFFECTS) != 0)
        .field("plugin", info.owner_plugin_id)
        .endObject();
  });
}

std::string pluginsDocument(const plugins::PluginRegistry& registry, PluginListAudience audience) {
  const bool for_operator = audience == PluginListAudience::kOperator;
  return wholeList(registry.plugins(), [for_operator](text::JsonWriter& json, const auto& record) {
    const bool loaded = record.state == plugins::PluginState::Loaded;
    json.beginObject()
        .field("id", record.id)
        .field("version", record.version)
        .field("name", record.name);
    // Paths and hashes map the server's file system for an attacker, and a refusal's reason
    // names both: over the API a failed plugin only says that it failed.
    if (for_operator) json.field("file", record.file);
    json.field("required", record.required).field("state", loaded ? "loaded" : "failed");
    if (!loaded) {
      json.field("error", for_operator ? record.failure
                                       : std::string("refused at start-up; the server's log and "
                                                     "`orchestra plugins list` say why"));
    }
    json.key("extensions").beginArray();
    for (const auto& id : record.extension_ids)
      json.value(id);
    json.endArray().endObject();
  });
}

void registerPluginRoutes(http::Router& router, const plugins::PluginRegistry& registry) {
  constexpr const char* kListSchema =
      R"({"type":"object","properties":{"items":{"type":"array","items":{"type":"object"}},)"
      R"("total":{"type":"integer"},"limit":{"type":"integer"},"offset":{"type":"integer"}}})";
  // The registry is fixed once the host serves, so both documents are built once.
  const std::string node_types = nodeTypesDocument(registry);
  const std::string plugins = pluginsDocument(registry, PluginListAudience::kApi);

  http::RouteDoc node_types_doc;
  node_types_doc.summary = "Node types the loaded plugins provide";
  node_types_doc.description =
      "Id, category, display name, description, config JSON Schema, ports and owning plugin of "
      "every node type, for the studio's palette.";
  node_types_doc.tags = {"plugins"};
  node_types_doc.requires_auth = true;
  node_types_doc.action = auth::actionName(auth::Action::Account);
  node_types_doc.responses[401] = {"Not signed in", ""};
  node_types_doc.responses[200] = {"Every registered node type, sorted by id", kListSchema};
  router.add(
      "GET", "/api/v1/node-types",
      [node_types](http::Request&) { return http::Response::json(200, node_types); },
      std::move(node_types_doc));

  http::RouteDoc plugins_doc;
  plugins_doc.summary = "Configured plugins, loaded or failed";
  plugins_doc.tags = {"plugins"};
  plugins_doc.description =
      "Id, version, name and state of each plugin; never file paths or hashes (see `orchestra "
      "plugins list` on the server).";
  plugins_doc.requires_auth = true;
  plugins_doc.action = auth::actionName(auth::Action::Account);
  plugins_doc.responses[401] = {"Not signed in", ""};
  plugins_doc.responses[200] = {"Every plugin of plugins.load with its state", kListSchema};
  router.add(
      "GET", "/api/v1/plugins",
      [plugins](http::Request&) { return http::Response::json(200, plugins); },
      std::move(plugins_doc));
}

}  // namespace orchestra::api
