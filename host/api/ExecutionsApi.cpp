#include "host/api/ExecutionsApi.hpp"

#include <optional>
#include <string>
#include <utility>

#include "host/auth/Policy.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/http/Pagination.hpp"

namespace orchestra::api {

namespace {

constexpr const char* kExecutionSchema =
    R"({"type":"object","properties":{"id":{"type":"string"},"workflow_id":{"type":"string"},)"
    R"("workspace_id":{"type":"string"},"user_id":{"type":"string"},)"
    R"("workflow_version":{"type":["integer","null"]},)"
    R"("status":{"type":"string","enum":["pending","running","completed","failed","cancelled"]},)"
    R"("trigger_type":{"type":["string","null"]},"trigger_data":{},)"
    R"("start_time":{"type":["string","null"]},"end_time":{"type":["string","null"]},)"
    R"("duration_ms":{"type":["integer","null"]},"error_message":{"type":["string","null"]},)"
    R"("created_at":{"type":"string"},"cancel_requested":{"type":"boolean"},)"
    R"("nodes":{"type":"array"}}})";

// A stored JSON document (text the database checked) as a value, or null when there is none.
void writeStoredJson(text::JsonWriter& json, std::string_view name,
                     const std::optional<std::string>& stored) {
  json.key(name);
  if (stored) {
    json.rawValue(*stored);
  } else {
    json.null();
  }
}

// The members every view of an execution has: a list item is exactly these.
void writeExecutionSummary(text::JsonWriter& json, const store::ExecutionRecord& row) {
  json.field("id", row.id)
      .field("workflow_id", row.workflow_id)
      .field("workspace_id", row.workspace_id)
      .field("user_id", row.user_id)
      .field("workflow_version", row.workflow_version)
      .field("status", row.status)
      .field("trigger_type", row.trigger_type)
      .field("start_time", row.start_time)
      .field("end_time", row.end_time)
      .field("duration_ms", row.duration_ms)
      .field("error_message", row.error_message)
      .field("created_at", row.created_at)
      .field("cancel_requested", row.cancel_requested);
}

// The members every view of a step has: the execution's `nodes` entries are exactly these.
void writeStepSummary(text::JsonWriter& json, const store::NodeExecutionRecord& row) {
  json.field("node_id", row.node_id)
      .field("scope", row.scope)
      .field("status", row.status)
      .field("start_time", row.start_time)
      .field("end_time", row.end_time)
      .field("duration_ms", row.duration_ms)
      .field("retry_count", row.retry_count)
      .field("error_message", row.error_message);
}

void writeExecutionDetail(text::JsonWriter& json, const runtime::ExecutionDetail& detail) {
  json.beginObject();
  writeExecutionSummary(json, detail.execution);
  writeStoredJson(json, "trigger_data", detail.execution.trigger_data_json);
  json.key("nodes").beginArray();
  for (const auto& step : detail.nodes) {
    json.beginObject();
    writeStepSummary(json, step);
    json.endObject();
  }
  json.endArray().endObject();
}

void writeNodeExecution(text::JsonWriter& json, const store::NodeExecutionRecord& row) {
  json.beginObject().field("id", row.id);
  writeStepSummary(json, row);
  writeStoredJson(json, "input", row.input_json);
  writeStoredJson(json, "output", row.output_json);
  // The first run is an attempt too; retry_count counts only the runs after it.
  json.field("attempts", row.retry_count + 1).endObject();
}

void writeLogEntry(text::JsonWriter& json, const store::ExecutionLogRecord& row) {
  json.beginObject()
      .field("id", row.id)
      .field("time", row.time)
      .field("level", row.level)
      .field("node_id", row.node_id)
      .field("message", row.message)
      .endObject();
}

runtime::ExecutionFilter filterFrom(const http::Request& request) {
  runtime::ExecutionFilter filter;
  const http::PageRequest page = http::parsePageRequest(request);
  filter.limit = page.limit;
  filter.offset = page.offset;
  filter.workspace_id = request.queryParam("workspace_id");
  filter.workflow_id = request.queryParam("workflow_id");
  filter.status = request.queryParam("status");
  filter.created_after = request.queryParam("created_after");
  filter.created_before = request.queryParam("created_before");
  return filter;
}

http::RouteDoc doc(std::string summary) {
  http::RouteDoc route_doc;
  route_doc.summary = std::move(summary);
  route_doc.tags = {"executions"};
  route_doc.requires_auth = true;
  route_doc.action = auth::actionName(auth::Action::ViewExecutions);
  route_doc.responses[401] = {"Missing, invalid or revoked access token", ""};
  return route_doc;
}

// A route about one execution: it may not exist for the caller.
http::RouteDoc executionDoc(std::string summary) {
  auto route_doc = doc(std::move(summary));
  route_doc.responses[404] = {"No such execution in a workspace of the caller", ""};
  return route_doc;
}

http::ParameterDoc limitDoc(const char* description) {
  return {"limit", "query", description, false, R"({"type":"integer"})"};
}
http::ParameterDoc offsetDoc() {
  return {"offset", "query", "default 0", false, R"({"type":"integer"})"};
}

// A log is read in larger pages than other lists: a run easily writes hundreds of entries.
constexpr http::PageBounds kLogPageBounds{100, 1000};

}  // namespace

void registerExecutionRoutes(http::Router& router, runtime::ExecutionQueries& queries) {
  auto list = doc("List the executions of the caller's workspaces, newest first");
  list.description =
      "Filters: workflow_id, status (pending, running, completed, failed, cancelled), "
      "created_after and created_before (ISO 8601, exclusive). Items leave out trigger_data.";
  list.parameters = {{"workflow_id", "query", "a workflow's id"},
                     {"workspace_id", "query", "only this workspace's executions"},
                     {"status", "query", "pending, running, completed, failed or cancelled"},
                     {"created_after", "query", "ISO 8601 timestamp"},
                     {"created_before", "query", "ISO 8601 timestamp"},
                     limitDoc("1-100, default 20"),
                     offsetDoc()};
  list.responses[200] = {"One page of executions", ""};
  list.responses[422] = {"A filter value is not valid", ""};
  router.add(
      "GET", "/api/v1/executions",
      [&queries](http::Request& request) {
        const runtime::ExecutionFilter filter = filterFrom(request);
        const auto page = queries.list(auth::requireCaller(request), filter);
        return http::listResponse(page.rows, page.total, {filter.limit, filter.offset},
                                  [](text::JsonWriter& json, const store::ExecutionRecord& row) {
                                    json.beginObject();
                                    writeExecutionSummary(json, row);
                                    json.endObject();
                                  });
      },
      std::move(list));

  auto get = executionDoc("An execution with its trigger data and a summary of every step");
  get.responses[200] = {"The execution", kExecutionSchema};
  router.add(
      "GET", "/api/v1/executions/{id}",
      [&queries](http::Request& request) {
        const auto detail = queries.get(auth::requireCaller(request), request.pathParam("id"));
        text::JsonWriter json(1024 + detail.nodes.size() * 256);
        writeExecutionDetail(json, detail);
        return http::jsonResponse(200, std::move(json));
      },
      std::move(get));

  auto nodes = executionDoc("The steps of an execution with their input and output");
  nodes.description =
      "One entry per node, and per pass of a node inside a loop (`scope`), in the order they "
      "started; steps not started yet come last.";
  nodes.parameters = {limitDoc("1-100, default 20"), offsetDoc()};
  nodes.responses[200] = {"One page of node executions", ""};
  router.add(
      "GET", "/api/v1/executions/{id}/nodes",
      [&queries](http::Request& request) {
        const http::PageRequest page = http::parsePageRequest(request);
        const auto steps = queries.nodes(auth::requireCaller(request), request.pathParam("id"),
                                         page.limit, page.offset);
        return http::listResponse(steps.rows, steps.total, page, writeNodeExecution);
      },
      std::move(nodes));

  auto logs = executionDoc("The log of an execution, in the order it was written");
  logs.description =
      "Pass the id of the last entry read as `after` to read only what was written since; "
      "`total` then counts the entries after it.";
  logs.parameters = {{"after", "query", "an entry id", false, R"({"type":"integer"})"},
                     limitDoc("1-1000, default 100"),
                     offsetDoc()};
  logs.responses[200] = {"One page of log entries", ""};
  logs.responses[422] = {"`after`, `limit` or `offset` is not valid", ""};
  router.add(
      "GET", "/api/v1/executions/{id}/logs",
      [&queries](http::Request& request) {
        const http::PageRequest page = http::parsePageRequest(request, kLogPageBounds);
        store::ExecutionLogQuery query;
        query.after_id = runtime::logCursor(request.queryParam("after"));
        query.limit = page.limit;
        query.offset = page.offset;
        const auto entries =
            queries.logs(auth::requireCaller(request), request.pathParam("id"), query);
        return http::listResponse(entries.rows, entries.total, page, writeLogEntry);
      },
      std::move(logs));
}

}  // namespace orchestra::api
