// Runs one node type once outside a workflow's graph (a fresh instance, one execution, secrets
// redacted from what comes back): shared by the tool endpoints and host_run_node.
#pragma once

#include <string>

#include "host/plugins/ExecutionSecrets.hpp"
#include "host/plugins/NodeInvoker.hpp"
#include "host/plugins/PluginRegistry.hpp"

namespace orchestra::plugins {

// `config_json` is checked against the type's schema ({{ expressions }} refused). The node runs
// with `secrets` readable through host_secret (null: none), and every value they revealed is
// redacted from its progress events, ports and error. An unknown type or a refused config is a
// failed outcome (validation class), never an exception.
NodeOutcome runNodeOnce(const PluginRegistry& registry, const std::string& node_type,
                        const std::string& config_json, NodeRun run, ExecutionSecrets* secrets);

}  // namespace orchestra::plugins
