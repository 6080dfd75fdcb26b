#include "host/workflows/AgentService.hpp"

#include "host/auth/Policy.hpp"
#include "host/errors/ApiError.hpp"
#include "host/store/SqlValues.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::workflows {

namespace {

using errors::ApiError;

std::optional<std::string> optionalString(text::JsonView body, const char* name,
                                          std::optional<std::string> current) {
  if (!body.has(name)) return current;
  if (body.isNull(name)) return std::nullopt;
  return body.getValue<std::string>(name);
}

// The settings a body describes; members it does not name keep `base`'s values.
store::AgentSettings settingsFrom(text::JsonView body, store::AgentSettings base) {
  if (body.has("name")) base.name = body.getValue<std::string>("name");
  base.system_prompt = optionalString(body, "system_prompt", base.system_prompt);
  base.model = optionalString(body, "model", base.model);
  if (body.has("temperature")) {
    base.temperature = body.isNull("temperature")
                           ? std::nullopt
                           : std::optional<double>(body.getValue<double>("temperature"));
  }
  if (body.has("max_tokens")) {
    base.max_tokens = body.isNull("max_tokens")
                          ? std::nullopt
                          : std::optional<std::int64_t>(body.getValue<std::int64_t>("max_tokens"));
  }
  if (body.has("tools")) base.tools = text::toJson(body.get("tools"));
  if (body.has("permissions")) base.permissions = text::toJson(body.get("permissions"));
  if (body.has("memory_config")) base.memory_config = text::toJson(body.get("memory_config"));
  if (body.has("metadata")) base.metadata = text::toJson(body.get("metadata"));
  if (body.has("sub_agents")) {
    base.sub_agents.clear();
    const text::JsonView ids = body.get("sub_agents");
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const auto id = store::canonicalUuid(ids.getElement<std::string>(i));
      if (!id) {
        throw ApiError::validation({"body", "sub_agents", std::to_string(i)},
                                   "Input should be a UUID", "uuid_parsing");
      }
      base.sub_agents.push_back(*id);
    }
  }
  return base;
}

bool graphHasNode(const std::string& nodes_json, const std::string& node_id) {
  const auto nodes = text::JsonDocument::parse(nodes_json);
  for (std::size_t i = 0; nodes && i < nodes->root().size(); ++i) {
    if (nodes->root().at(i).optValue<std::string>("id", "") == node_id) return true;
  }
  return false;
}

ApiError agentNotFound() {
  return ApiError::notFound("Agent not found");
}

}  // namespace

store::AgentRow AgentService::create(const auth::Caller& caller, text::JsonView body) {
  const auto workflow_id = body.getValue<std::string>("workflow_id");
  const auto node_id = body.getValue<std::string>("node_id");
  const store::WorkflowRow workflow = workflows_.get(caller, workflow_id).row;
  auth::authorize(caller, workflow.workspace_id, auth::Action::EditWorkflows);
  if (!graphHasNode(workflow.content.nodes, node_id)) {
    throw ApiError::validation({"body", "node_id"}, "The workflow has no node '" + node_id + "'",
                               "unknown_node");
  }
  if (agents_.findForNode(workflow.id, node_id)) {
    throw ApiError::conflict("Node '" + node_id + "' already has an agent");
  }
  store::AgentRow agent;
  agent.workspace_id = workflow.workspace_id;
  agent.workflow_id = workflow.id;
  agent.user_id = caller.userId();
  agent.node_id = node_id;
  agent.settings = settingsFrom(body, {});
  return agents_.create(agent);
}

store::AgentRow AgentService::get(const auth::Caller& caller, std::string_view id) {
  auto agent = agents_.find(id);
  if (!agent || caller.membership(agent->workspace_id) == nullptr) throw agentNotFound();
  return std::move(*agent);
}

store::AgentRow AgentService::update(const auth::Caller& caller, std::string_view id,
                                     text::JsonView body) {
  store::AgentRow agent = get(caller, id);
  auth::authorize(caller, agent.workspace_id, auth::Action::EditWorkflows);
  agent.settings = settingsFrom(body, agent.settings);
  if (!agents_.update(agent.id, agent.settings)) throw agentNotFound();
  return get(caller, agent.id);
}

store::AgentRow AgentService::remove(const auth::Caller& caller, std::string_view id) {
  store::AgentRow agent = get(caller, id);
  auth::authorize(caller, agent.workspace_id, auth::Action::EditWorkflows);
  if (!agents_.remove(agent.id)) throw agentNotFound();
  return agent;
}

store::AgentPage AgentService::list(const auth::Caller& caller,
                                    const std::optional<std::string>& workspace_id,
                                    const std::optional<std::string>& workflow_id,
                                    std::int64_t limit, std::int64_t offset) {
  return agents_.list(auth::listScope(caller, workspace_id, auth::Action::ViewWorkflows),
                      workflow_id, limit, offset);
}

}  // namespace orchestra::workflows
