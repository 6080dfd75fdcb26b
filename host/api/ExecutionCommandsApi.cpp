#include "host/api/ExecutionCommandsApi.hpp"

#include "host/auth/Policy.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/errors/ApiError.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/store/SqlValues.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::api {

namespace {

constexpr const char* kStartSchema =
    R"({"type":"object","required":["workflow_id"],"additionalProperties":false,)"
    R"("properties":{"workflow_id":{"type":"string","minLength":1,"maxLength":64},)"
    R"("trigger_type":{"type":"string","enum":["manual","webhook","cron","event"],)"
    R"("default":"manual"},"trigger_data":{"type":"object","default":{}}}})";

constexpr const char* kStartedSchema =
    R"({"type":"object","properties":{"id":{"type":"string"},"workflow_id":{"type":"string"},)"
    R"("status":{"type":"string"},"created_at":{"type":"string"}}})";

// Starting, cancelling and retrying are all running workflows: the plan's "execute" right.
http::RouteDoc doc(std::string summary, std::string request_schema = "") {
  http::RouteDoc route_doc;
  route_doc.summary = std::move(summary);
  route_doc.tags = {"executions"};
  route_doc.requires_auth = true;
  route_doc.action = auth::actionName(auth::Action::ExecuteWorkflows);
  route_doc.request_schema_json = std::move(request_schema);
  route_doc.responses[401] = {"Missing, invalid or revoked access token", ""};
  route_doc.responses[404] = {"No such execution or workflow in a workspace of the caller", ""};
  return route_doc;
}

// The execution, if it belongs to a workspace the caller may run workflows in.
store::QueuedExecution executionFor(runtime::Runtime& runtime, const auth::Caller& caller,
                                    std::string_view id) {
  const auto canonical = store::canonicalUuid(id);
  if (!canonical) throw errors::ApiError::notFound("Execution not found");
  auto record = runtime.findExecution(*canonical);
  if (!record || caller.membership(record->workspace_id) == nullptr) {
    throw errors::ApiError::notFound("Execution not found");
  }
  auth::authorize(caller, record->workspace_id, auth::Action::ExecuteWorkflows);
  return std::move(*record);
}

workspaces::ActivityEntry executionActivity(const std::string& workspace_id,
                                            const std::string& execution_id, const char* action,
                                            const std::string& workflow_id) {
  text::JsonWriter details;
  details.beginObject().field("workflow_id", workflow_id).endObject();
  return {workspace_id, action, "execution", execution_id, std::move(details).finish()};
}

}  // namespace

void registerExecutionCommandRoutes(http::Router& router, runtime::Runtime& runtime,
                                    workflows::WorkflowService& workflows,
                                    const ActivityRecorder& activity) {
  auto start = doc("Start an execution of a workflow", kStartSchema);
  start.description =
      "Runs the workflow's saved version (draft or published: the studio's test run). The "
      "execution and its queue entry are committed before the answer; it then runs at once or "
      "as soon as an instance has room.";
  start.responses[202] = {"Queued", kStartedSchema};
  start.responses[403] = {"The caller is a viewer of the workflow's workspace", ""};
  start.responses[503] = {"Too many executions are waiting", ""};
  router.add(
      "POST", "/api/v1/executions",
      [&runtime, &workflows, &activity](http::Request& request) {
        const auth::Caller& caller = auth::requireCaller(request);
        const text::JsonView body = request.jsonBody();
        const auto workflow = workflows.get(caller, body.getValue<std::string>("workflow_id"));
        auth::authorize(caller, workflow.row.workspace_id, auth::Action::ExecuteWorkflows);
        runtime::StartRequest start_request;
        start_request.workspace_id = workflow.row.workspace_id;
        start_request.workflow_id = workflow.row.id;
        start_request.user_id = caller.userId();
        start_request.workflow_version = workflow.row.version;
        start_request.trigger_type = body.optValue<std::string>("trigger_type", "manual");
        start_request.trigger_data_json = text::toJson(body.get("trigger_data"));
        const runtime::StartedExecution started = runtime.startExecution(start_request);
        activity.record(request, executionActivity(start_request.workspace_id, started.id,
                                                   "execution.started", started.workflow_id));
        text::JsonWriter json;
        json.beginObject()
            .field("id", started.id)
            .field("workflow_id", started.workflow_id)
            .field("status", started.status)
            .field("created_at", started.created_at)
            .endObject();
        http::Response response = http::jsonResponse(202, std::move(json));
        response.setHeader("Location", "/api/v1/executions/" + started.id);
        return response;
      },
      std::move(start));

  auto cancel = doc("Cancel a pending or running execution");
  cancel.description =
      "Running nodes are told at once on this instance, or at the next heartbeat of the one "
      "running it; nodes still waiting are marked cancelled.";
  cancel.responses[202] = {"Cancellation requested", ""};
  cancel.responses[409] = {"The execution has already finished", ""};
  router.add(
      "POST", "/api/v1/executions/{id}/cancel",
      [&runtime, &activity](http::Request& request) {
        const auto record =
            executionFor(runtime, auth::requireCaller(request), request.pathParam("id"));
        if (!runtime.cancel(record.id)) {
          throw errors::ApiError::conflict("Execution " + record.id + " has already finished (" +
                                           record.status + ")");
        }
        activity.record(request, executionActivity(record.workspace_id, record.id,
                                                   "execution.cancelled", record.workflow_id));
        text::JsonWriter json;
        json.beginObject().field("id", record.id).field("status", "cancelling").endObject();
        return http::jsonResponse(202, std::move(json));
      },
      std::move(cancel));

  auto retry = doc("Run a failed or cancelled execution again from its unfinished nodes");
  retry.description =
      "Completed nodes keep their outputs and are not run again; the failed node and what "
      "follows it run afresh, on the version the execution ran.";
  retry.responses[202] = {"Queued again", ""};
  retry.responses[409] = {"The execution is pending, running or completed", ""};
  router.add(
      "POST", "/api/v1/executions/{id}/retry",
      [&runtime, &activity](http::Request& request) {
        const auto record =
            executionFor(runtime, auth::requireCaller(request), request.pathParam("id"));
        if (record.status != "failed" && record.status != "cancelled") {
          throw errors::ApiError::conflict(
              "Only a failed or cancelled execution can be retried; "
              "this one is " +
              record.status);
        }
        runtime.retry(record.id, record.workspace_id);
        activity.record(request, executionActivity(record.workspace_id, record.id,
                                                   "execution.retried", record.workflow_id));
        text::JsonWriter json;
        json.beginObject().field("id", record.id).field("status", "pending").endObject();
        return http::jsonResponse(202, std::move(json));
      },
      std::move(retry));
}

}  // namespace orchestra::api
