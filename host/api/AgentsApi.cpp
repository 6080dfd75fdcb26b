#include "host/api/AgentsApi.hpp"

#include "host/api/NodeCallResponses.hpp"
#include "host/auth/Policy.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/errors/ApiError.hpp"
#include "host/http/ErrorResponses.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/http/Pagination.hpp"
#include "host/runtime/OneNodeCall.hpp"

namespace orchestra::api {

namespace {

// The plan's agents fields; tools, permissions, memory and metadata are free-form JSON.
std::string agentBodySchema(bool create) {
  std::string schema = R"({"type":"object","additionalProperties":false,)";
  if (create) schema += R"("required":["workflow_id","node_id","name"],)";
  schema +=
      R"("properties":{)"
      R"("workflow_id":{"type":"string","format":"uuid"},)"
      R"("node_id":{"type":"string","minLength":1,"maxLength":128},)"
      R"("name":{"type":"string","minLength":1,"maxLength":255},)"
      R"("system_prompt":{"type":["string","null"],"maxLength":100000},)"
      R"("model":{"type":["string","null"],"maxLength":100},)"
      R"("temperature":{"type":["number","null"],"minimum":0,"maximum":1},)"
      R"("max_tokens":{"type":["integer","null"],"minimum":1,"maximum":1000000},)"
      R"("tools":{"type":"array","maxItems":128},)"
      R"("permissions":{"type":"object"},"memory_config":{"type":"object"},)"
      R"("sub_agents":{"type":"array","maxItems":64,"items":{"type":"string","format":"uuid"}},)"
      R"("metadata":{"type":"object"}}})";
  if (!create) {
    // workflow_id and node_id say where an agent lives; they do not change.
    schema.replace(schema.find(R"("workflow_id":{"type":"string","format":"uuid"},)"),
                   std::string(R"("workflow_id":{"type":"string","format":"uuid"},)").size(), "");
    schema.replace(
        schema.find(R"("node_id":{"type":"string","minLength":1,"maxLength":128},)"),
        std::string(R"("node_id":{"type":"string","minLength":1,"maxLength":128},)").size(), "");
  }
  return schema;
}

void writeAgent(text::JsonWriter& json, const store::AgentRow& agent) {
  const auto& settings = agent.settings;
  json.beginObject()
      .field("id", agent.id)
      .field("workspace_id", agent.workspace_id)
      .field("workflow_id", agent.workflow_id)
      .field("node_id", agent.node_id)
      .field("type", agent.type)
      .field("name", settings.name)
      .field("system_prompt", settings.system_prompt)
      .field("model", settings.model)
      .field("temperature", settings.temperature)
      .field("max_tokens", settings.max_tokens)
      .key("tools")
      .rawValue(settings.tools)
      .key("permissions")
      .rawValue(settings.permissions)
      .key("memory_config")
      .rawValue(settings.memory_config)
      .key("sub_agents")
      .beginArray();
  for (const auto& id : settings.sub_agents)
    json.value(id);
  json.endArray()
      .key("metadata")
      .rawValue(settings.metadata)
      .field("created_at", agent.created_at)
      .field("updated_at", agent.updated_at)
      .endObject();
}

http::Response agentResponse(int status, const store::AgentRow& agent) {
  text::JsonWriter json;
  writeAgent(json, agent);
  return http::jsonResponse(status, std::move(json));
}

// Agents configure a workflow's nodes: they are read and changed with the workflow's rights.
constexpr const char* kTestSchema =
    R"({"type":"object","additionalProperties":false,"required":["input"],"properties":{)"
    R"("input":{"type":"string","minLength":1,"maxLength":100000},)"
    R"("provider":{"type":"string","minLength":1,"maxLength":64}}})";

http::RouteDoc doc(auth::Action action, std::string summary, std::string request_schema = "") {
  http::RouteDoc route_doc;
  route_doc.summary = std::move(summary);
  route_doc.tags = {"agents"};
  route_doc.requires_auth = true;
  route_doc.action = auth::actionName(action);
  if (action != auth::Action::ViewWorkflows)
    route_doc.responses[403] = {"The caller's role in the workspace does not allow this", ""};
  route_doc.request_schema_json = std::move(request_schema);
  route_doc.responses[401] = {"Missing, invalid or revoked access token", ""};
  route_doc.responses[404] = {"No such agent in a workspace of the caller", ""};
  return route_doc;
}

workspaces::ActivityEntry agentActivity(const store::AgentRow& agent, const char* action) {
  text::JsonWriter details;
  details.beginObject()
      .field("name", agent.settings.name)
      .field("workflow_id", agent.workflow_id)
      .field("node_id", agent.node_id)
      .endObject();
  return {agent.workspace_id, action, "agent", agent.id, std::move(details).finish()};
}

}  // namespace

void registerAgentRoutes(http::Router& router, workflows::AgentService& service,
                         const ActivityRecorder& activity, AgentTestServices test_services) {
  auto list = doc(auth::Action::ViewWorkflows,
                  "List the agents of the caller's workspaces (optionally of one workflow)");
  list.parameters = {{"workflow_id", "query", ""},
                     {"workspace_id", "query", "only this workspace's agents"},
                     {"limit", "query", "1-100, default 20", false, R"({"type":"integer"})"},
                     {"offset", "query", "default 0", false, R"({"type":"integer"})"}};
  router.add(
      "GET", "/api/v1/agents",
      [&service](http::Request& request) {
        const http::PageRequest page = http::parsePageRequest(request);
        const auto agents =
            service.list(auth::requireCaller(request), request.queryParam("workspace_id"),
                         request.queryParam("workflow_id"), page.limit, page.offset);
        return http::listResponse(agents.rows, agents.total, page, writeAgent);
      },
      std::move(list));

  auto create = doc(auth::Action::EditWorkflows, "Configure the agent of one agent node",
                    agentBodySchema(true));
  create.responses[201] = {"The agent", ""};
  create.responses[409] = {"The node already has an agent", ""};
  router.add(
      "POST", "/api/v1/agents",
      [&service, &activity](http::Request& request) {
        const auto agent = service.create(auth::requireCaller(request), request.jsonBody());
        activity.record(request, agentActivity(agent, "agent.created"));
        return agentResponse(201, agent);
      },
      std::move(create));

  router.add(
      "GET", "/api/v1/agents/{id}",
      [&service](http::Request& request) {
        return agentResponse(200,
                             service.get(auth::requireCaller(request), request.pathParam("id")));
      },
      doc(auth::Action::ViewWorkflows, "One agent"));

  router.add(
      "PUT", "/api/v1/agents/{id}",
      [&service, &activity](http::Request& request) {
        const auto agent = service.update(auth::requireCaller(request), request.pathParam("id"),
                                          request.jsonBody());
        activity.record(request, agentActivity(agent, "agent.updated"));
        return agentResponse(200, agent);
      },
      doc(auth::Action::EditWorkflows, "Change an agent's settings", agentBodySchema(false)));

  router.add(
      "DELETE", "/api/v1/agents/{id}",
      [&service, &activity](http::Request& request) {
        const auto agent = service.remove(auth::requireCaller(request), request.pathParam("id"));
        activity.record(request, agentActivity(agent, "agent.deleted"));
        return http::Response::noContent();
      },
      doc(auth::Action::EditWorkflows, "Delete an agent"));

  auto test = doc(auth::Action::ExecuteWorkflows,
                  "Run an agent once against an input: its model, tools and sub-agents, through "
                  "the ai.agent node type (tokens land in the ledger)",
                  kTestSchema);
  test.responses[200] = {"The agent's answer: text, finish_reason, tool_calls, usage", ""};
  test.responses[402] = {"budget_exceeded: the call could pass an AI budget", ""};
  test.responses[501] = {"No AI provider is configured (or the ai.agent node type is absent)", ""};
  test.responses[502] = {"The provider refused the call", ""};
  test.responses[503] = {"The provider is overloaded or unreachable; retry later", ""};
  router.add(
      "POST", "/api/v1/agents/{id}/test",
      [&service, test_services](http::Request& request) {
        const auth::Caller& caller = auth::requireCaller(request);
        const auto agent = service.get(caller, request.pathParam("id"));  // 404s first
        auth::authorize(caller, agent.workspace_id, auth::Action::ExecuteWorkflows);
        const text::JsonView body = request.jsonBody();
        auto provider = body.optValue<std::string>("provider", "");
        if (provider.empty() && test_services.ai != nullptr) {
          const auto ids = test_services.ai->providerIds();
          if (!ids.empty()) provider = ids.front();
        }
        if (provider.empty() || test_services.ai == nullptr || test_services.registry == nullptr ||
            test_services.registry->nodeTypes().find("ai.agent") == nullptr) {
          return http::errorResponse(
              501, "Testing agents needs an AI provider (ai.providers) and the ai.tools plugin");
        }
        if (!test_services.ai->hasProvider(provider)) {
          throw errors::ApiError::validation({"body", "provider"},
                                             "no AI provider \"" + provider + "\" is configured",
                                             "value_error.unknown_provider");
        }
        std::vector<store::AgentRow> sub_agents;
        for (const std::string& id : agent.settings.sub_agents)
          sub_agents.push_back(service.get(caller, id));
        runtime::OneNodeCall call;
        call.node_type = "ai.agent";
        call.config_json =
            agentNodeConfig(agent, sub_agents, provider, body.getValue<std::string>("input"));
        call.who.workspace_id = agent.workspace_id;
        call.who.workflow_id = agent.workflow_id;
        call.who.node_id = agent.node_id;
        call.who.user_id = caller.userId();
        const plugins::NodeOutcome outcome =
            runtime::runOneNode(*test_services.registry, test_services.secrets, call);
        if (!outcome.ok) {
          return http::Response::json(statusForFailedCall(outcome), failedCallJson(outcome));
        }
        return http::Response::json(200,
                                    outcome.ports.empty() ? "{}" : outcome.ports.front().second);
      },
      std::move(test));
}

}  // namespace orchestra::api
