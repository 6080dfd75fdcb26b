// Runs one node type outside any workflow, the way the runtime runs a node (validated config,
// the workspace's secrets readable and redacted, cancellation, progress): how a tool endpoint
// such as POST /tools/ai/chat offers the same capability as the workflow node.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "host/plugins/AiCallContext.hpp"
#include "host/plugins/NodeInvoker.hpp"
#include "host/plugins/PluginRegistry.hpp"
#include "host/runtime/SecretSource.hpp"

namespace orchestra::runtime {

struct OneNodeCall {
  std::string node_type;    // "ai.chat"
  std::string config_json;  // checked against the type's schema; no {{ expressions }}
  std::string input_json = "{}";
  plugins::AiCallContext who;          // workspace (secrets, budgets) and user (ledger)
  std::function<bool()> is_cancelled;  // may be empty
  std::function<void(std::string_view event_json)> on_progress;  // redacted; may be empty
};

// The node's outcome with every secret value the call revealed redacted from its ports, its
// error and its progress events. An unknown type or a refused config is a failed outcome
// (validation class), never an exception. `secrets` may be null (no secrets store).
plugins::NodeOutcome runOneNode(const plugins::PluginRegistry& registry, SecretSource* secrets,
                                const OneNodeCall& call);

}  // namespace orchestra::runtime
