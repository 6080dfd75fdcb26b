#include "host/runtime/OneNodeCall.hpp"

#include "host/plugins/ExecutionSecrets.hpp"
#include "host/runtime/ExecutionSecretValues.hpp"

namespace orchestra::runtime {

namespace {

plugins::NodeOutcome refused(std::string message) {
  plugins::NodeOutcome outcome;
  outcome.status = ORC_ERR_INVALID_ARGUMENT;
  outcome.error_class = plugins::ErrorClass::Validation;
  outcome.error_message = std::move(message);
  return outcome;
}

}  // namespace

plugins::NodeOutcome runOneNode(const plugins::PluginRegistry& registry, SecretSource* secrets,
                                const OneNodeCall& call) {
  const auto* type = registry.nodeTypes().find(call.node_type);
  if (type == nullptr) {
    return refused("node type \"" + call.node_type + "\" is not loaded in this host");
  }
  const plugins::NodeInstance instance(*type, call.config_json);
  if (!instance.ok()) return instance.creationFailure();

  ExecutionSecretValues revealed(secrets, call.who.workspace_id);
  plugins::NodeRun run;
  run.input_json = call.input_json;
  run.node_id = call.node_type;
  run.workflow_id = call.who.workflow_id;
  run.workspace_id = call.who.workspace_id;
  run.user_id = call.who.user_id;
  run.is_cancelled = call.is_cancelled;
  if (call.on_progress) {
    run.on_progress = [&revealed, &call](std::string_view event_json) {
      std::string text(event_json);
      revealed.redact(text);
      call.on_progress(text);
    };
  }
  plugins::NodeOutcome outcome;
  {
    const plugins::ExecutionSecretsScope scope(&revealed);
    outcome = instance.execute(run);
  }
  revealed.redact(outcome.error_message);
  for (auto& [port, json] : outcome.ports)
    revealed.redact(json);
  return outcome;
}

}  // namespace orchestra::runtime
