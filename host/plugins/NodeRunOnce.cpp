#include "host/plugins/NodeRunOnce.hpp"

namespace orchestra::plugins {

NodeOutcome runNodeOnce(const PluginRegistry& registry, const std::string& node_type,
                        const std::string& config_json, NodeRun run, ExecutionSecrets* secrets) {
  const auto* type = registry.nodeTypes().find(node_type);
  if (type == nullptr) {
    NodeOutcome outcome;
    outcome.status = ORC_ERR_INVALID_ARGUMENT;
    outcome.error_class = ErrorClass::Validation;
    outcome.error_message = "node type \"" + node_type + "\" is not loaded in this host";
    return outcome;
  }
  const NodeInstance instance(*type, config_json);
  if (!instance.ok()) return instance.creationFailure();

  if (run.on_progress && secrets != nullptr) {
    run.on_progress = [secrets, forward = std::move(run.on_progress)](std::string_view event) {
      std::string text(event);
      secrets->redact(text);
      forward(text);
    };
  }
  NodeOutcome outcome;
  {
    const ExecutionSecretsScope scope(secrets);
    outcome = instance.execute(run);
  }
  if (secrets != nullptr) {
    secrets->redact(outcome.error_message);
    for (auto& [port, json] : outcome.ports)
      secrets->redact(json);
  }
  return outcome;
}

}  // namespace orchestra::plugins
