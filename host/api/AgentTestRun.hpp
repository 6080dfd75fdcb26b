// POST /api/v1/agents/{id}/test: runs a stored agent once, as the ai.agent node type in a
// one-node call, against the caller's input, and answers its output (text, tool calls, usage).
#pragma once

#include <string>

#include "host/plugins/AiGateway.hpp"
#include "host/plugins/PluginRegistry.hpp"
#include "host/runtime/SecretSource.hpp"
#include "host/store/AgentRepository.hpp"

namespace orchestra::api {

// What a test run needs beyond the agents themselves; all null: the route answers 501.
struct AgentTestServices {
  const plugins::PluginRegistry* registry = nullptr;
  const plugins::AiGateway* ai = nullptr;
  runtime::SecretSource* secrets = nullptr;  // may be null: providers then find no key
};

// The ai.agent config of a stored agent: its model settings, its MCP and agent tools (other
// entries of `tools` are for the studio and are left out), its sub-agents as agent tools
// (`sub_agents`, already loaded by the caller), the input as the prompt, no streaming.
std::string agentNodeConfig(const store::AgentRow& agent,
                            const std::vector<store::AgentRow>& sub_agents,
                            const std::string& provider, const std::string& input);

}  // namespace orchestra::api
