#include "host/runtime/CompiledWorkflow.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <set>

#include "host/runtime/TemplatedFieldsCheck.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::runtime {

namespace {

// See CompiledNode::config_checked_once. The config compiled with its defaults filled in is
// what every run would have sent after filling them: defaults never land inside a value the
// schema does not look at, and the templates keep their places.
void checkTemplatedConfigOnce(const plugins::ExtensionInfo& info, const Poco::Dynamic::Var& data,
                              CompiledNode& compiled) {
  if (!info.config_schema || info.config_schema_json.empty()) return;
  Poco::Dynamic::Var document;
  try {
    Poco::JSON::Parser parser;
    document = parser.parse(info.config_schema_json);
  } catch (const Poco::Exception&) {
    return;
  }
  const Poco::Dynamic::Var filled = info.config_schema->applyDefaults(data);
  if (!schemaIgnoresTemplatedValues(filled, document)) return;
  if (!info.config_schema->isValid(filled)) return;  // each run reports it, as before
  CompiledConfigResult recompiled = CompiledConfig::compile(filled);
  if (!recompiled.ok()) return;
  compiled.templated_config = std::move(recompiled.compiled);
  compiled.config_checked_once = true;
}

using Poco::JSON::Array;
using Poco::JSON::Object;

Poco::Dynamic::Var parseJson(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text.empty() ? std::string("null") : text);
}

std::string stringMember(const Object& object, const std::string& key) {
  if (!object.has(key)) return {};
  const Poco::Dynamic::Var value = object.get(key);
  return value.isString() ? value.extract<std::string>() : std::string();
}

std::optional<std::int64_t> integerMember(const Object& object, const std::string& key) {
  if (!object.has(key)) return std::nullopt;
  const Poco::Dynamic::Var value = object.get(key);
  if (!value.isInteger()) return std::nullopt;
  return value.convert<std::int64_t>();
}

// The node's own run policy, read from keys beside `data` (the studio keeps `data` for the
// type's config): retry {max_retries, delays_ms}, timeout_ms, on_error, concurrency.
void readNodePolicy(const Object& node, const RuntimeSettings& settings, CompiledNode& compiled) {
  compiled.retry = settings.retry;
  compiled.timeout = settings.node_timeout;
  compiled.foreach_concurrency = settings.default_foreach_concurrency;
  if (const auto timeout = integerMember(node, "timeout_ms"); timeout && *timeout > 0) {
    compiled.timeout = std::chrono::milliseconds(*timeout);
  }
  if (const auto concurrency = integerMember(node, "concurrency");
      concurrency && *concurrency > 0) {
    compiled.foreach_concurrency = std::min<std::int64_t>(*concurrency, 64);
  }
  if (stringMember(node, "on_error") == "continue") {
    compiled.on_error = NodeErrorPolicy::ContinueOnErrorPort;
  }
  const auto retry = node.getObject("retry");
  if (!retry.isNull()) {
    if (const auto max = integerMember(*retry, "max_retries"); max && *max >= 0) {
      compiled.retry.max_retries = static_cast<int>(std::min<std::int64_t>(*max, 10));
    }
    const auto delays = retry->getArray("delays_ms");
    if (!delays.isNull() && delays->size() > 0) {
      compiled.retry.delays.clear();
      for (std::size_t i = 0; i < delays->size(); ++i) {
        const Poco::Dynamic::Var delay = delays->get(static_cast<unsigned>(i));
        if (delay.isInteger() && delay.convert<std::int64_t>() >= 0) {
          compiled.retry.delays.emplace_back(delay.convert<std::int64_t>());
        }
      }
      if (compiled.retry.delays.empty()) compiled.retry.delays = settings.retry.delays;
    }
  }
}

// Every node reachable from `loop` through the edges leaving its body port, never passing
// through `loop` itself (an edge back to it closes the body).
std::set<std::size_t> bodyOf(const CompiledWorkflow& workflow, std::size_t loop,
                             const std::string& body_port) {
  std::set<std::size_t> body;
  std::vector<std::size_t> pending;
  for (const std::size_t e : workflow.nodes[loop].out_edges) {
    const CompiledEdge& edge = workflow.edges[e];
    if (edge.source_port == body_port && edge.target != loop) pending.push_back(edge.target);
  }
  while (!pending.empty()) {
    const std::size_t node = pending.back();
    pending.pop_back();
    if (!body.insert(node).second) continue;
    for (const std::size_t e : workflow.nodes[node].out_edges) {
      const std::size_t next = workflow.edges[e].target;
      if (next != loop && !body.contains(next)) pending.push_back(next);
    }
  }
  return body;
}

std::string bodyPortOf(LoopKind kind) {
  return kind == LoopKind::ForEach ? "items" : "body";
}

}  // namespace

std::optional<std::size_t> CompiledWorkflow::indexOf(std::string_view node_id) const {
  const auto found = index_by_id.find(std::string(node_id));
  if (found == index_by_id.end()) return std::nullopt;
  return found->second;
}

CompileResult compileWorkflow(std::string workflow_id, std::int64_t version, std::string name,
                              const std::string& nodes_json, const std::string& connections_json,
                              const std::string& settings_json,
                              const plugins::PluginRegistry& registry,
                              const RuntimeSettings& settings) {
  auto workflow = std::make_shared<CompiledWorkflow>();
  workflow->workflow_id = std::move(workflow_id);
  workflow->version = version;
  workflow->name = std::move(name);
  workflow->execution_timeout = settings.execution_timeout;

  Array::Ptr nodes;
  Array::Ptr connections;
  Object::Ptr workflow_settings;
  try {
    const auto parsed_nodes = parseJson(nodes_json);
    const auto parsed_connections = parseJson(connections_json);
    const auto parsed_settings = parseJson(settings_json);
    if (parsed_nodes.type() == typeid(Array::Ptr)) nodes = parsed_nodes.extract<Array::Ptr>();
    if (parsed_connections.type() == typeid(Array::Ptr)) {
      connections = parsed_connections.extract<Array::Ptr>();
    }
    if (parsed_settings.type() == typeid(Object::Ptr)) {
      workflow_settings = parsed_settings.extract<Object::Ptr>();
    }
  } catch (const Poco::Exception& error) {
    return {nullptr, "the stored graph is not valid JSON: " + error.message()};
  }
  if (nodes.isNull()) return {nullptr, "the stored graph has no node list"};

  if (!workflow_settings.isNull()) {
    if (const auto timeout = integerMember(*workflow_settings, "timeout_ms");
        timeout && *timeout > 0) {
      workflow->execution_timeout = std::chrono::milliseconds(*timeout);
    }
    if (const auto limit = integerMember(*workflow_settings, "concurrency_limit");
        limit && *limit > 0) {
      workflow->concurrency_limit = static_cast<int>(std::min<std::int64_t>(*limit, 1'000'000));
    }
    const std::string error_workflow = stringMember(*workflow_settings, "error_workflow_id");
    if (!error_workflow.empty()) workflow->error_workflow_id = error_workflow;
  }

  const std::set<std::string> inline_types(settings.inline_node_types.begin(),
                                           settings.inline_node_types.end());
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const Object::Ptr node = nodes->getObject(static_cast<unsigned>(i));
    if (node.isNull()) return {nullptr, "node " + std::to_string(i) + " is not an object"};
    CompiledNode compiled;
    compiled.id = stringMember(*node, "id");
    compiled.type_id = stringMember(*node, "type");
    compiled.type = registry.nodeTypes().find(compiled.type_id);
    if (compiled.type == nullptr) {
      return {nullptr, "node '" + compiled.id + "' has type '" + compiled.type_id +
                           "', which no loaded plugin provides"};
    }
    const auto& info = compiled.type->info;
    compiled.is_trigger = info.category == ORC_CATEGORY_TRIGGER;
    compiled.side_effects = (info.flags & ORC_EXTENSION_SIDE_EFFECTS) != 0;
    compiled.runs_inline = inline_types.contains(compiled.type_id);
    if (compiled.type_id == "core.foreach") compiled.loop = LoopKind::ForEach;
    if (compiled.type_id == "core.loop") compiled.loop = LoopKind::While;
    readNodePolicy(*node, settings, compiled);

    const Poco::Dynamic::Var data =
        node->has("data") ? node->get("data") : Poco::Dynamic::Var(Object::Ptr(new Object));
    compiled.config = data;
    CompiledConfigResult config = CompiledConfig::compile(data);
    if (!config.ok()) {
      return {nullptr, "node '" + compiled.id + "': " + config.errors.front().describe()};
    }
    if (config.compiled->hasTemplates()) {
      compiled.templated_config = std::move(config.compiled);
      checkTemplatedConfigOnce(info, data, compiled);
    }
    auto instance = std::make_shared<plugins::NodeInstance>(*compiled.type, text::toJson(data),
                                                            plugins::TemplatedValues::Defer);
    if (!instance->ok()) {
      return {nullptr, "node '" + compiled.id + "': " + instance->creationFailure().error_message};
    }
    compiled.instance = std::move(instance);
    if (!workflow->index_by_id.emplace(compiled.id, workflow->nodes.size()).second) {
      return {nullptr, "two nodes have the id '" + compiled.id + "'"};
    }
    workflow->nodes.push_back(std::move(compiled));
  }

  for (std::size_t i = 0; connections && i < connections->size(); ++i) {
    const Object::Ptr connection = connections->getObject(static_cast<unsigned>(i));
    if (connection.isNull()) continue;
    const auto source = workflow->indexOf(stringMember(*connection, "source"));
    const auto target = workflow->indexOf(stringMember(*connection, "target"));
    if (!source || !target) return {nullptr, "connection " + std::to_string(i) + " is dangling"};
    CompiledEdge edge;
    edge.source = *source;
    edge.target = *target;
    edge.source_port = stringMember(*connection, "sourceHandle");
    edge.target_port = stringMember(*connection, "targetHandle");
    if (edge.source_port.empty()) edge.source_port = "main";
    if (edge.target_port.empty()) edge.target_port = "main";
    workflow->nodes[edge.source].out_edges.push_back(workflow->edges.size());
    workflow->nodes[edge.target].in_edges.push_back(workflow->edges.size());
    workflow->edges.push_back(std::move(edge));
  }

  // Loop bodies: a node belongs to the smallest body that holds it (its innermost loop).
  std::vector<std::size_t> owner_body_size(workflow->nodes.size(), static_cast<std::size_t>(-1));
  for (std::size_t loop = 0; loop < workflow->nodes.size(); ++loop) {
    const LoopKind kind = workflow->nodes[loop].loop;
    if (kind == LoopKind::None) continue;
    const std::set<std::size_t> body = bodyOf(*workflow, loop, bodyPortOf(kind));
    for (const std::size_t member : body) {
      if (body.size() < owner_body_size[member]) {
        owner_body_size[member] = body.size();
        workflow->nodes[member].owner_loop = loop;
      }
    }
  }
  for (std::size_t i = 0; i < workflow->nodes.size(); ++i) {
    const std::size_t owner = workflow->nodes[i].owner_loop;
    if (owner == kNoLoop) {
      workflow->top_level.push_back(i);
    } else {
      workflow->nodes[owner].body.push_back(i);
    }
  }

  Object::Ptr value = new Object;
  value->set("id", workflow->workflow_id);
  value->set("name", workflow->name);
  value->set("version", workflow->version);
  workflow->workflow_value = value;
  return {std::move(workflow), {}};
}

}  // namespace orchestra::runtime
