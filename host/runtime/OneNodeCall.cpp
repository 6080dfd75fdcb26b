#include "host/runtime/OneNodeCall.hpp"

#include "host/plugins/NodeRunOnce.hpp"
#include "host/runtime/ExecutionSecretValues.hpp"

namespace orchestra::runtime {

plugins::NodeOutcome runOneNode(const plugins::PluginRegistry& registry, SecretSource* secrets,
                                const OneNodeCall& call) {
  ExecutionSecretValues revealed(secrets, call.who.workspace_id);
  plugins::NodeRun run;
  run.input_json = call.input_json;
  run.node_id = call.node_type;
  run.workflow_id = call.who.workflow_id;
  run.workspace_id = call.who.workspace_id;
  run.user_id = call.who.user_id;
  run.is_cancelled = call.is_cancelled;
  run.on_progress = call.on_progress;
  return plugins::runNodeOnce(registry, call.node_type, call.config_json, std::move(run),
                              &revealed);
}

}  // namespace orchestra::runtime
