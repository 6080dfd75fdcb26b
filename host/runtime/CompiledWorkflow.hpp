// A saved workflow version turned into what the scheduler walks: nodes by index with their
// plugin instance and compiled config, edges by port, loop bodies, and each node's retry and
// timeout policy. Built once per (workflow, version) and shared by every execution of it.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "host/plugins/NodeInvoker.hpp"
#include "host/plugins/PluginRegistry.hpp"
#include "host/runtime/CompiledConfig.hpp"
#include "host/runtime/RuntimeSettings.hpp"

namespace orchestra::runtime {

inline constexpr std::size_t kNoLoop = static_cast<std::size_t>(-1);

enum class LoopKind { None, ForEach, While };

// What happens when a node fails for good: the execution stops, or the node "succeeds" on its
// `error` port with {message, error_class}, so an error branch can handle it.
enum class NodeErrorPolicy { Stop, ContinueOnErrorPort };

struct CompiledEdge {
  std::size_t source = 0;
  std::size_t target = 0;
  std::string source_port;  // "main" when the connection names none
  std::string target_port;
};

struct CompiledNode {
  std::string id;
  std::string type_id;
  const plugins::RegisteredExtension<orc_node_type_vtable>* type = nullptr;
  // One plugin instance for every run of this version (instances are immutable after create).
  std::shared_ptr<const plugins::NodeInstance> instance;
  Poco::Dynamic::Var config;  // the node's `data` as saved (triggers' settings are read here)
  // Set when the config holds templates: each run evaluates it and sends the result.
  std::optional<CompiledConfig> templated_config;
  // The templated config was checked against the type's schema once, here, with its defaults
  // already filled in: the schema accepts anything where the templates sit
  // (schemaIgnoresTemplatedValues), so no run's values can change the verdict and runs skip
  // the check. False: each run fills the defaults and checks the evaluated config.
  bool config_checked_once = false;
  bool is_trigger = false;
  bool side_effects = false;  // ORC_EXTENSION_SIDE_EFFECTS: never repeated blindly
  bool runs_inline = false;   // on the execution's own thread (see RuntimeSettings)
  LoopKind loop = LoopKind::None;
  std::vector<std::size_t> in_edges;   // indexes into CompiledWorkflow::edges
  std::vector<std::size_t> out_edges;  // ditto
  // The innermost loop node whose body holds this node, or kNoLoop at the top level.
  std::size_t owner_loop = kNoLoop;
  // For loop nodes: the nodes of its body whose innermost loop it is, in graph order.
  std::vector<std::size_t> body;

  RetryPolicy retry;
  std::chrono::milliseconds timeout{0};
  NodeErrorPolicy on_error = NodeErrorPolicy::Stop;
  std::int64_t foreach_concurrency = 1;
};

struct CompiledWorkflow {
  std::string workflow_id;
  std::int64_t version = 0;
  std::string name;
  std::vector<CompiledNode> nodes;
  std::vector<CompiledEdge> edges;
  std::vector<std::size_t> top_level;  // nodes outside every loop body, in graph order
  std::unordered_map<std::string, std::size_t> index_by_id;
  Poco::Dynamic::Var workflow_value;  // {{ workflow.id }}, {{ workflow.name }}, version
  std::chrono::milliseconds execution_timeout{0};
  std::optional<std::string> error_workflow_id;  // settings.error_workflow_id
  int concurrency_limit = 0;  // settings.concurrency_limit: at most this many run at once (0: any)

  std::optional<std::size_t> indexOf(std::string_view node_id) const;
};

struct CompileResult {
  std::shared_ptr<const CompiledWorkflow> workflow;
  std::string error;  // why the version cannot run (a node type missing since it was saved)
};

// Nodes, connections and settings are the stored JSON text of one version.
CompileResult compileWorkflow(std::string workflow_id, std::int64_t version, std::string name,
                              const std::string& nodes_json, const std::string& connections_json,
                              const std::string& settings_json,
                              const plugins::PluginRegistry& registry,
                              const RuntimeSettings& settings);

}  // namespace orchestra::runtime
