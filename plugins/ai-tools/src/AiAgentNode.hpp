// ai.agent: an agent as a workflow node. It asks an AI provider, runs the tools the model calls
// (node types of the host, MCP tools of the workspace's servers, and sub-agents described
// inline), feeds the results back, and repeats until the model ends its turn or max_iterations
// is reached. Streamed text
// appears live as progress events; the output carries the answer, every tool call and the
// tokens of every model call (sub-agents included). Cost is in the host's ledger.
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::ai_tools {

// A tool offered to the model: its name there, and how a call is carried out.
struct AgentTool {
  std::string name;  // as the model sees it: [A-Za-z0-9_-]{1,64}, unique within one agent
  std::string description;
  sdk::Json parameters;  // JSON Schema of the arguments
  enum class Kind { Mcp, SubAgent, Node } kind = Kind::Mcp;
  std::string server_id;   // Mcp
  std::string tool;        // Mcp: the tool's own name on its server
  sdk::Json agent;         // SubAgent: its config (provider, model, system_prompt, tools, ...)
  std::string node_type;   // Node: the node type's id ("web.search")
  sdk::Json fixed_config;  // Node: config the model cannot change (wins over its arguments)
};

// What the model may be called with: "mcp_<tool>" shortened and cleaned to the providers'
// name rules, with a numeric suffix when taken.
std::string modelToolName(std::string_view wanted, const std::vector<AgentTool>& taken);

// The tool a {"type":"node","node_type","name"?,"description"?,"config"?} entry offers, given
// the host's description of the node type (host_describe_node_type): its parameters are the
// type's config schema without the properties the entry fixes.
AgentTool nodeTool(const sdk::Json& entry, const sdk::Json& described,
                   const std::vector<AgentTool>& taken);

// The tokens of every model call of one run, sub-agents included.
struct AgentUsage {
  uint64_t input_tokens = 0;
  uint64_t output_tokens = 0;
  uint64_t cached_input_tokens = 0;
  uint64_t cache_creation_input_tokens = 0;
  uint64_t model_calls = 0;

  sdk::Json toJson() const;
};

class AiAgentNode final : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe();
  // Refuses (validation) what would fail every run: missing servers, agents or names, sub-agents
  // nested too deep, node tools whose type the host does not have or that is a trigger.
  AiAgentNode(const sdk::Json& config, const sdk::HostApi& host);

  // Provider failures keep their class (the runtime retries transient ones); an MCP tool that
  // answers isError, or a node tool that fails, goes back to the model as a failed tool call;
  // an MCP transport failure is transient for the node; cancellation stops the run.
  sdk::NodeResult execute(sdk::NodeContext& context) const override;

 private:
  struct Run;
  // One agent's loop; `depth` counts sub-agent levels (bounded by kMaxDepth).
  sdk::Json runAgent(Run& run, const sdk::Json& agent, sdk::Json messages, int depth) const;
  std::vector<AgentTool> toolsOf(Run& run, const sdk::Json& agent) const;
  std::string callTool(Run& run, const AgentTool& tool, const sdk::Json& arguments, bool* is_error,
                       int depth) const;
};

// Conversation memory per execution (config.memory): the messages of earlier runs of one agent
// node in the same execution, e.g. inside a loop, kept by the plugin (not across host restarts:
// a resumed execution starts the conversation afresh). Keyed by execution and node, so it does
// not depend on how the host shares node instances; bounded in conversations and messages.
// THREAD: any.
class AgentMemory {
 public:
  static AgentMemory& instance();
  std::vector<sdk::Json> recall(const std::string& key) const;
  void keep(const std::string& key, std::vector<sdk::Json> messages);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<sdk::Json>, std::less<>> conversations_;
  std::list<std::string> order_;  // oldest first
};

}  // namespace orchestra::plugins::ai_tools
