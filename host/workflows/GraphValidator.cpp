#include "host/workflows/GraphValidator.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "host/runtime/CompiledConfig.hpp"
#include "host/schema/DeferredValues.hpp"
#include "host/schema/JsonPointer.hpp"
#include "host/schema/Schema.hpp"
#include "host/text/EditDistance.hpp"

namespace orchestra::workflows {

namespace {

using Loc = std::vector<std::string>;
using plugins::ExtensionInfo;

struct GraphNode {
  std::size_t index = 0;  // in the request's nodes array
  std::string id;
  std::string type;
  const ExtensionInfo* info = nullptr;  // null for an unknown type
  text::JsonView data;                  // absent or null when the node has no config
};

struct GraphEdge {
  std::size_t index = 0;
  std::size_t source = 0;  // into the nodes vector
  std::size_t target = 0;
};

class Problems {
 public:
  explicit Problems(Loc prefix) : prefix_(std::move(prefix)) {}

  void add(std::initializer_list<std::string> loc, std::string msg, std::string type) {
    addAt(Loc(loc), std::move(msg), std::move(type));
  }
  void addAt(Loc loc, std::string msg, std::string type) {
    Loc full = prefix_;
    full.insert(full.end(), loc.begin(), loc.end());
    issues_.add({std::move(full), std::move(msg), std::move(type)});
  }
  void append(errors::IssueList more) {
    for (auto& issue : more.held)
      addAt(std::move(issue.loc), std::move(issue.msg), std::move(issue.type));
    countMore(more.omitted);
  }
  void countMore(std::size_t omitted) { issues_.omitted += omitted; }
  errors::IssueList take() { return std::move(issues_); }

 private:
  Loc prefix_;
  errors::IssueList issues_;
};

std::string stringMember(text::JsonView object, const char* name) {
  return object.optValue<std::string>(name, "");
}

// A node's config as its schema judges it, the schema's defaults filled in. A config that passes
// as sent is not copied (defaults only add members); one that fails is judged again on a copy
// with the defaults (an empty object for none), since a default may supply a required member.
schema::ValidationResult judgeConfig(text::JsonView data, const schema::Schema& schema) {
  if (!data.isNull()) {
    schema::ValidationResult as_sent = schema.validate(*data.raw());
    if (as_sent.valid()) return as_sent;
  }
  text::JsonDocument config =
      text::JsonDocument::copyOf(data.isNull() ? text::emptyJsonObject() : data);
  rapidjson::Document& document = config.document();
  schema.applyDefaultsInPlace(document, document.GetAllocator());
  return schema.validate(document);
}

bool hasPort(const std::vector<plugins::PortInfo>& ports, const std::string& name) {
  return std::any_of(ports.begin(), ports.end(),
                     [&](const plugins::PortInfo& port) { return port.name == name; });
}

std::string portList(const std::vector<plugins::PortInfo>& ports) {
  std::string list;
  for (const auto& port : ports)
    list += (list.empty() ? "'" : ", '") + port.name + "'";
  return list.empty() ? "none" : list;
}

// Strongly connected components (iterative Tarjan): the cycles of the graph.
std::vector<std::vector<std::size_t>> cyclesOf(const std::vector<std::vector<std::size_t>>& out) {
  const std::size_t count = out.size();
  constexpr auto kUnvisited = static_cast<std::size_t>(-1);
  std::vector<std::size_t> order(count, kUnvisited);
  std::vector<std::size_t> low(count, 0);
  std::vector<bool> on_stack(count, false);
  std::vector<std::size_t> stack;
  std::vector<std::vector<std::size_t>> cycles;
  std::size_t next_order = 0;
  for (std::size_t start = 0; start < count; ++start) {
    if (order[start] != kUnvisited) continue;
    std::vector<std::pair<std::size_t, std::size_t>> frames{{start, 0}};  // node, next edge
    order[start] = low[start] = next_order++;
    stack.push_back(start);
    on_stack[start] = true;
    while (!frames.empty()) {
      auto& [node, edge] = frames.back();
      if (edge < out[node].size()) {
        const std::size_t next = out[node][edge++];
        if (order[next] == kUnvisited) {
          order[next] = low[next] = next_order++;
          stack.push_back(next);
          on_stack[next] = true;
          frames.emplace_back(next, 0);
        } else if (on_stack[next]) {
          low[node] = std::min(low[node], order[next]);
        }
        continue;
      }
      const std::size_t finished = node;
      frames.pop_back();
      if (!frames.empty())
        low[frames.back().first] = std::min(low[frames.back().first], low[finished]);
      if (low[finished] != order[finished]) continue;
      std::vector<std::size_t> component;
      std::size_t member = 0;
      do {
        member = stack.back();
        stack.pop_back();
        on_stack[member] = false;
        component.push_back(member);
      } while (member != finished);
      const bool self_loop =
          std::find(out[finished].begin(), out[finished].end(), finished) != out[finished].end();
      if (component.size() > 1 || self_loop) cycles.push_back(std::move(component));
    }
  }
  return cycles;
}

// Every node from which `node` can be reached (its upstream).
std::set<std::size_t> upstreamOf(std::size_t node,
                                 const std::vector<std::vector<std::size_t>>& in) {
  std::set<std::size_t> seen;
  std::vector<std::size_t> pending{node};
  while (!pending.empty()) {
    const std::size_t current = pending.back();
    pending.pop_back();
    for (const std::size_t parent : in[current]) {
      if (seen.insert(parent).second) pending.push_back(parent);
    }
  }
  return seen;
}

}  // namespace

bool isLoopNodeType(const std::string& type_id) {
  return type_id == "core.foreach" || type_id == "core.loop";
}

errors::IssueList GraphValidator::validate(text::JsonView node_array,
                                           text::JsonView connection_array,
                                           const Loc& loc_prefix) const {
  Problems problems(loc_prefix);
  std::vector<GraphNode> nodes;
  std::unordered_map<std::string, std::size_t> node_by_id;
  std::vector<std::string> known_types;
  for (const auto* entry : registry_.nodeTypes().list())
    known_types.push_back(entry->info.id);

  bool has_trigger = false;
  for (std::size_t i = 0; i < node_array.size(); ++i) {
    const text::JsonView object = node_array.at(i);
    if (!object.isObject()) continue;
    GraphNode node;
    node.index = i;
    node.id = stringMember(object, "id");
    node.type = stringMember(object, "type");
    node.data = object.get("data");
    const std::string index = std::to_string(i);
    if (node.id.empty()) continue;  // the request schema reports it
    if (!node_by_id.emplace(node.id, nodes.size()).second) {
      problems.add({"nodes", index, "id"}, "Duplicate node id '" + node.id + "'", "duplicate_id");
      continue;
    }
    if (const auto* type = registry_.nodeTypes().find(node.type)) {
      node.info = &type->info;
      has_trigger = has_trigger || type->info.category == ORC_CATEGORY_TRIGGER;
      if (type->info.config_schema) {
        const auto result = judgeConfig(node.data, *type->info.config_schema);
        for (const auto& issue : result.issues()) {
          Loc loc{"nodes", index, "data"};
          if (schema::isIssueAtDeferredValue(node.data, issue)) continue;
          if (auto segments = schema::pointerSegments(issue.instance_path)) {
            loc.insert(loc.end(), segments->begin(), segments->end());
          }
          problems.addAt(std::move(loc), issue.message, "node_config");
        }
        problems.countMore(result.omittedIssues());
      }
    } else {
      std::string message = "Unknown node type '" + node.type + "'";
      const auto close = text::closestMatches(node.type, known_types, 3);
      if (!close.empty()) {
        message += " (did you mean ";
        for (std::size_t c = 0; c < close.size(); ++c)
          message += (c == 0 ? "'" : ", '") + close[c] + "'";
        message += "?)";
      }
      problems.add({"nodes", index, "type"}, std::move(message), "unknown_node_type");
    }
    nodes.push_back(std::move(node));
  }
  if (!has_trigger && !nodes.empty()) {
    problems.add({"nodes"}, "The workflow has no trigger node", "no_trigger");
  } else if (nodes.empty()) {
    problems.add({"nodes"}, "The workflow has no nodes; it needs at least a trigger", "no_trigger");
  }

  std::vector<std::vector<std::size_t>> outgoing(nodes.size());
  std::vector<std::vector<std::size_t>> incoming(nodes.size());
  std::set<std::string> connection_ids;
  for (std::size_t i = 0; i < connection_array.size(); ++i) {
    const text::JsonView object = connection_array.at(i);
    if (!object.isObject()) continue;
    const std::string index = std::to_string(i);
    const std::string id = stringMember(object, "id");
    if (!id.empty() && !connection_ids.insert(id).second) {
      problems.add({"connections", index, "id"}, "Duplicate connection id '" + id + "'",
                   "duplicate_id");
    }
    const std::string source = stringMember(object, "source");
    const std::string target = stringMember(object, "target");
    const auto source_node = node_by_id.find(source);
    const auto target_node = node_by_id.find(target);
    if (source_node == node_by_id.end()) {
      problems.add({"connections", index, "source"}, "No node has id '" + source + "'",
                   "unknown_node");
    }
    if (target_node == node_by_id.end()) {
      problems.add({"connections", index, "target"}, "No node has id '" + target + "'",
                   "unknown_node");
    }
    if (source_node == node_by_id.end() || target_node == node_by_id.end()) continue;
    const GraphNode& from = nodes[source_node->second];
    const GraphNode& to = nodes[target_node->second];
    const std::string source_handle = stringMember(object, "sourceHandle");
    if (from.info != nullptr && !source_handle.empty() &&
        (from.info->flags & ORC_EXTENSION_DYNAMIC_OUTPUTS) == 0 &&
        !hasPort(from.info->output_ports, source_handle)) {
      problems.add({"connections", index, "sourceHandle"},
                   "Node '" + from.id + "' (" + from.type + ") has no output port '" +
                       source_handle + "'; its ports: " + portList(from.info->output_ports),
                   "unknown_port");
    }
    const std::string target_handle = stringMember(object, "targetHandle");
    if (to.info != nullptr && !target_handle.empty() &&
        !hasPort(to.info->input_ports, target_handle)) {
      problems.add({"connections", index, "targetHandle"},
                   "Node '" + to.id + "' (" + to.type + ") has no input port '" + target_handle +
                       "'; its ports: " + portList(to.info->input_ports),
                   "unknown_port");
    }
    outgoing[source_node->second].push_back(target_node->second);
    incoming[target_node->second].push_back(source_node->second);
  }

  for (const auto& cycle : cyclesOf(outgoing)) {
    const bool through_loop = std::any_of(cycle.begin(), cycle.end(), [&](std::size_t node) {
      return isLoopNodeType(nodes[node].type);
    });
    if (through_loop) continue;
    std::vector<std::size_t> members = cycle;
    std::sort(members.begin(), members.end());
    std::string names;
    for (const std::size_t member : members)
      names += (names.empty() ? "'" : ", '") + nodes[member].id + "'";
    problems.add({"nodes", std::to_string(nodes[members.front()].index)},
                 "Nodes " + names + " form a cycle; only a loop node (core.foreach) may repeat",
                 "cycle");
  }

  // Expressions: they must parse, and `nodes.X` must name a node upstream of this one.
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    const GraphNode& node = nodes[n];
    if (node.data.isNull()) continue;
    const std::string index = std::to_string(node.index);
    // Reference problems count only when every template of the config parses.
    Problems reference_problems({});
    std::optional<std::set<std::size_t>> upstream;
    // Built only for a problem: most references have none.
    const auto loc_of = [&](const std::string& pointer) {
      Loc loc{"nodes", index, "data"};
      if (auto segments = schema::pointerSegments(pointer)) {
        loc.insert(loc.end(), segments->begin(), segments->end());
      }
      return loc;
    };
    const auto check_reference = [&](const runtime::ConfigReference& reference) {
      if (reference.reference.root == runtime::ExpressionRoot::Item) {
        // `item` exists only in a loop body (some node upstream is a loop) and in a core.loop's
        // own condition (the value entering the pass).
        if (!upstream) upstream = upstreamOf(n, incoming);
        const bool in_loop = nodes[n].type == "core.loop" ||
                             std::any_of(upstream->begin(), upstream->end(), [&](std::size_t up) {
                               return isLoopNodeType(nodes[up].type);
                             });
        if (!in_loop) {
          reference_problems.addAt(
              loc_of(reference.pointer),
              "'item' is only defined inside a loop (downstream of core.foreach)",
              "expression_reference");
        }
        return;
      }
      if (reference.reference.root != runtime::ExpressionRoot::Nodes) return;
      const auto referenced = node_by_id.find(reference.reference.name);
      std::string problem;
      if (referenced == node_by_id.end()) {
        problem = "No node has id '" + reference.reference.name + "'";
      } else {
        // Most references name a direct parent: no walk needed for those.
        const auto& parents = incoming[n];
        const bool parent =
            std::find(parents.begin(), parents.end(), referenced->second) != parents.end();
        if (!parent && !upstream) upstream = upstreamOf(n, incoming);
        if (!parent && upstream->count(referenced->second) == 0) {
          problem = "Node '" + reference.reference.name + "' is not upstream of '" + node.id +
                    "', so its output is not there when this node runs";
        }
      }
      if (!problem.empty()) {
        reference_problems.addAt(loc_of(reference.pointer), std::move(problem),
                                 "expression_reference");
      }
    };
    const auto errors = runtime::CompiledConfig::inspect(node.data, check_reference);
    for (const auto& error : errors)
      problems.addAt(loc_of(error.pointer), error.error.describe(), "expression");
    if (errors.empty()) problems.append(reference_problems.take());
  }
  return problems.take();
}

}  // namespace orchestra::workflows
