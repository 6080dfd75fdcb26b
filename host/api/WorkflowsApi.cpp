#include "host/api/WorkflowsApi.hpp"

#include <charconv>
#include <string>

#include "host/auth/Policy.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/errors/ApiError.hpp"
#include "host/http/ErrorResponses.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/http/Pagination.hpp"

namespace orchestra::api {

namespace {

using errors::ApiError;

// The graph as the studio's canvas sends it. Nodes and connections keep whatever else the
// studio stores on them (labels, colours, sizes); only the fields the host reads are checked.
constexpr const char* kNodeSchema =
    R"({"type":"object","required":["id","type"],"properties":{)"
    R"("id":{"type":"string","minLength":1,"maxLength":128},)"
    R"("type":{"type":"string","minLength":1,"maxLength":128},)"
    R"("position":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"}}},)"
    R"("data":{"type":"object"}}})";
constexpr const char* kConnectionSchema =
    R"({"type":"object","required":["id","source","target"],"properties":{)"
    R"("id":{"type":"string","minLength":1,"maxLength":128},)"
    R"("source":{"type":"string","minLength":1},"target":{"type":"string","minLength":1},)"
    R"("sourceHandle":{"type":["string","null"]},"targetHandle":{"type":["string","null"]}}})";
// Fields the runtime reads; anything else the studio keeps there is stored as sent.
constexpr const char* kSettingsSchema =
    R"({"type":"object","properties":{)"
    R"("timeout_ms":{"type":"integer","minimum":1},)"
    R"("retry":{"type":"object","properties":{"max_attempts":{"type":"integer","minimum":0,)"
    R"("maximum":20},"backoff_ms":{"type":"array","items":{"type":"integer","minimum":0}}}},)"
    R"("concurrency_limit":{"type":"integer","minimum":1},)"
    R"("error_workflow_id":{"type":["string","null"],"format":"uuid"},)"
    R"("budget":{"type":"object","properties":{"max_cost_usd":{"type":"number","minimum":0},)"
    R"("max_tokens":{"type":"integer","minimum":0}}},)"
    R"("input_schema":{"type":"object","description":"JSON Schema (type object) of the )"
    R"(workflow's input: published with a manual or webhook trigger, the workflow is a tool of )"
    R"(the MCP endpoint /api/v1/mcp"}}})";

std::string workflowBodySchema(bool create) {
  std::string schema = R"({"type":"object","additionalProperties":false,)";
  if (create) schema += R"("required":["name"],)";
  schema += std::string(R"("properties":{)") +
            R"("name":{"type":"string","minLength":1,"maxLength":255},)"
            R"("description":{"type":["string","null"],"maxLength":10000},)"
            R"("workspace_id":{"type":"string","format":"uuid"},)"
            R"("nodes":{"type":"array","maxItems":5000,"items":)" +
            kNodeSchema + R"(},"connections":{"type":"array","maxItems":20000,"items":)" +
            kConnectionSchema + R"(},"settings":)" + kSettingsSchema +
            R"(,"tags":{"type":"array","maxItems":50,"items":{"type":"string","minLength":1,)"
            R"("maxLength":64}},"is_public":{"type":"boolean"},)"
            R"("version":{"type":"integer","minimum":1}}})";
  return schema;
}

constexpr const char* kWorkflowSchema =
    R"({"type":"object","properties":{"id":{"type":"string"},"workspace_id":{"type":"string"},)"
    R"("name":{"type":"string"},"description":{"type":["string","null"]},)"
    R"("status":{"type":"string","enum":["draft","published","archived"]},)"
    R"("nodes":{"type":"array"},"connections":{"type":"array"},"settings":{"type":"object"},)"
    R"("tags":{"type":"array","items":{"type":"string"}},"is_public":{"type":"boolean"},)"
    R"("version":{"type":"integer"},"parent_workflow_id":{"type":["string","null"]},)"
    R"("created_at":{"type":"string"},"updated_at":{"type":"string"},)"
    R"("warnings":{"type":"array"}}})";

std::string etag(std::int64_t version) {
  return "\"" + std::to_string(version) + "\"";
}

// The members a workflow and each of its versions share: the graph, settings and tags.
void writeGraph(text::JsonWriter& json, const store::WorkflowContent& content) {
  json.key("nodes")
      .rawValue(content.nodes)
      .key("connections")
      .rawValue(content.connections)
      .key("settings")
      .rawValue(content.settings)
      .key("tags")
      .beginArray();
  for (const auto& tag : content.tags)
    json.value(tag);
  json.endArray();
}

// Who saved a version, when, and what changed: the members of every version entry.
void writeVersionSummary(text::JsonWriter& json, const store::WorkflowVersionRow& row) {
  json.field("version", row.version)
      .field("created_by", row.created_by)
      .field("created_at", row.created_at)
      .field("summary", row.change_summary)
      .field("name", row.content.name);
}

void writeWorkflow(text::JsonWriter& json, const store::WorkflowRow& row,
                   const errors::IssueList* warnings) {
  json.beginObject()
      .field("id", row.id)
      .field("workspace_id", row.workspace_id)
      .field("user_id", row.user_id)
      .field("name", row.content.name)
      .field("description", row.content.description)
      .field("status", row.status);
  writeGraph(json, row.content);
  json.field("is_public", row.content.is_public)
      .field("version", row.version)
      .field("parent_workflow_id", row.parent_workflow_id)
      .field("created_at", row.created_at)
      .field("updated_at", row.updated_at);
  if (warnings != nullptr) {
    json.key("warnings");
    http::writeValidationIssues(json, warnings->held, warnings->omitted);
  }
  json.endObject();
}

http::Response workflowResponse(int status, const workflows::SavedWorkflow& saved) {
  text::JsonWriter json(saved.row.content.nodes.size() + saved.row.content.connections.size() +
                        512);
  writeWorkflow(json, saved.row, &saved.warnings);
  http::Response response = http::jsonResponse(status, std::move(json));
  response.setHeader("ETag", etag(saved.row.version));
  return response;
}

// If-Match: "3", W/"3" or 3; absent is nullopt; anything else is a 400 (a client that sends a
// precondition must not have it ignored). "*" matches any version.
std::optional<std::int64_t> ifMatchVersion(const http::Request& request) {
  std::string_view value = request.header("If-Match");
  if (value.empty() || value == "*") return std::nullopt;
  if (value.starts_with("W/")) value.remove_prefix(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  std::int64_t version = 0;
  const auto parsed = std::from_chars(value.data(), value.data() + value.size(), version);
  if (parsed.ec != std::errc() || parsed.ptr != value.data() + value.size() || version < 1) {
    throw ApiError::badRequest("If-Match must be the ETag of a workflow version, e.g. \"3\"");
  }
  return version;
}

std::int64_t versionParam(const http::Request& request) {
  const std::string_view text = request.pathParam("version");
  std::int64_t version = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), version);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size() || version < 1) {
    throw ApiError::validation({"path", "version"}, "Input should be a positive integer",
                               "int_parsing");
  }
  return version;
}

workflows::WorkflowFilter filterFrom(const http::Request& request) {
  workflows::WorkflowFilter filter;
  const http::PageRequest page = http::parsePageRequest(request);
  filter.limit = page.limit;
  filter.offset = page.offset;
  filter.workspace_id = request.queryParam("workspace_id");
  if (auto status = request.queryParam("status")) {
    if (*status != "draft" && *status != "published" && *status != "archived") {
      throw ApiError::validation({"query", "status"},
                                 "Input should be 'draft', 'published' or 'archived'", "enum");
    }
    filter.status = std::move(status);
  }
  filter.tags = request.queryParams("tag");
  filter.search = request.queryParam("q");
  if (auto sort = request.queryParam("sort")) {
    if (*sort == "updated_at") {
      filter.sort = store::WorkflowSort::UpdatedAtAscending;
    } else if (*sort == "-updated_at") {
      filter.sort = store::WorkflowSort::UpdatedAtDescending;
    } else if (*sort == "name") {
      filter.sort = store::WorkflowSort::NameAscending;
    } else {
      throw ApiError::validation({"query", "sort"},
                                 "Input should be 'updated_at', '-updated_at' or 'name'", "enum");
    }
  }
  return filter;
}

http::RouteDoc doc(auth::Action action, std::string summary, std::string request_schema = "") {
  http::RouteDoc route_doc;
  route_doc.summary = std::move(summary);
  route_doc.tags = {"workflows"};
  route_doc.requires_auth = true;
  route_doc.action = auth::actionName(action);
  if (action != auth::Action::ViewWorkflows)
    route_doc.responses[403] = {"The caller's role in the workspace does not allow this", ""};
  route_doc.request_schema_json = std::move(request_schema);
  route_doc.responses[401] = {"Missing, invalid or revoked access token", ""};
  route_doc.responses[404] = {"No such workflow in a workspace of the caller", ""};
  return route_doc;
}

// The activity entry of a change to `row` (details: its name, status and version after it).
workspaces::ActivityEntry workflowActivity(const store::WorkflowRow& row, const char* action) {
  text::JsonWriter details;
  details.beginObject()
      .field("name", row.content.name)
      .field("status", row.status)
      .field("version", row.version)
      .endObject();
  return {row.workspace_id, action, "workflow", row.id, std::move(details).finish()};
}

}  // namespace

std::string workflowImportSchema() {
  return R"({"type":"object","required":["format","workflow"],"properties":{)"
         R"("format":{"const":"orchestra.workflow"},)"
         R"("format_version":{"type":"integer","minimum":1,"maximum":1},)"
         R"("workspace_id":{"type":"string","format":"uuid"},)"
         R"("workflow":)" +
         workflowBodySchema(true) + "}}";
}

void registerWorkflowRoutes(http::Router& router, workflows::WorkflowService& service,
                            const ActivityRecorder& activity) {
  auto list = doc(auth::Action::ViewWorkflows, "List the workflows of the caller's workspaces");
  list.description =
      "Filters: status, tag (repeatable; all must match), q (words prefixing words of the name "
      "or description), workspace_id. sort: updated_at, -updated_at (default) or name.";
  list.parameters = {{"status", "query", "draft, published or archived"},
                     {"tag", "query", "repeatable"},
                     {"q", "query", "search words"},
                     {"workspace_id", "query", ""},
                     {"sort", "query", "updated_at, -updated_at or name"},
                     {"limit", "query", "1-100, default 20", false, R"({"type":"integer"})"},
                     {"offset", "query", "default 0", false, R"({"type":"integer"})"}};
  list.responses[200] = {"One page of workflows", ""};
  router.add(
      "GET", "/api/v1/workflows",
      [&service](http::Request& request) {
        const workflows::WorkflowFilter filter = filterFrom(request);
        const auto page = service.list(auth::requireCaller(request), filter);
        return http::listResponse(page.rows, page.total, {filter.limit, filter.offset},
                                  [](text::JsonWriter& json, const store::WorkflowRow& row) {
                                    writeWorkflow(json, row, nullptr);
                                  });
      },
      std::move(list));

  auto create =
      doc(auth::Action::CreateWorkflows, "Create a workflow (a draft)", workflowBodySchema(true));
  create.responses[201] = {"Created; graph problems come as warnings", kWorkflowSchema};
  create.responses[422] = {"Invalid input", ""};
  router.add(
      "POST", "/api/v1/workflows",
      [&service, &activity](http::Request& request) {
        auto saved = service.create(auth::requireCaller(request), request.takeJsonBody());
        activity.record(request, workflowActivity(saved.row, "workflow.created"));
        http::Response response = workflowResponse(201, saved);
        response.setHeader("Location", "/api/v1/workflows/" + saved.row.id);
        return response;
      },
      std::move(create));

  auto import = doc(auth::Action::CreateWorkflows, "Create a draft from an export document",
                    workflowImportSchema());
  import.responses[201] = {"Imported; unknown node types come as warnings", kWorkflowSchema};
  router.add(
      "POST", "/api/v1/workflows/import",
      [&service, &activity](http::Request& request) {
        auto saved = service.importDocument(auth::requireCaller(request), request.jsonBody());
        activity.record(request, workflowActivity(saved.row, "workflow.imported"));
        return workflowResponse(201, saved);
      },
      std::move(import));

  auto get = doc(auth::Action::ViewWorkflows, "A workflow with its graph");
  get.responses[200] = {"The workflow; its ETag is its version", kWorkflowSchema};
  router.add(
      "GET", "/api/v1/workflows/{id}",
      [&service](http::Request& request) {
        return workflowResponse(200,
                                service.get(auth::requireCaller(request), request.pathParam("id")));
      },
      std::move(get));

  auto update =
      doc(auth::Action::EditWorkflows, "Replace a workflow's graph, name, settings or tags",
          workflowBodySchema(false));
  update.description =
      "Send If-Match with the ETag you edited (or `version` in the body): a stale one is a 409 "
      "naming the current version, never a silent overwrite. A published workflow only accepts "
      "a valid graph.";
  update.parameters = {{"If-Match", "header", "the ETag of the version edited"}};
  update.responses[200] = {"Saved as a new version", kWorkflowSchema};
  update.responses[409] = {"Someone saved a newer version first", ""};
  router.add(
      "PUT", "/api/v1/workflows/{id}",
      [&service, &activity](http::Request& request) {
        auto saved = service.update(auth::requireCaller(request), request.pathParam("id"),
                                    request.takeJsonBody(), ifMatchVersion(request));
        activity.record(request, workflowActivity(saved.row, "workflow.updated"));
        return workflowResponse(200, saved);
      },
      std::move(update));

  auto remove =
      doc(auth::Action::DeleteWorkflows, "Delete a workflow with its versions and agents");
  remove.responses[204] = {"Deleted", ""};
  router.add(
      "DELETE", "/api/v1/workflows/{id}",
      [&service, &activity](http::Request& request) {
        const auto removed = service.remove(auth::requireCaller(request), request.pathParam("id"));
        activity.record(request, workflowActivity(removed, "workflow.deleted"));
        return http::Response::noContent();
      },
      std::move(remove));

  auto status = doc(auth::Action::EditWorkflows, "Publish, archive or return a workflow to draft",
                    R"({"type":"object","required":["status"],"additionalProperties":false,)"
                    R"("properties":{"status":{"enum":["draft","published","archived"]}}})");
  status.responses[200] = {"The workflow in its new status", kWorkflowSchema};
  status.responses[409] = {"That transition is not allowed", ""};
  status.responses[422] = {"Only a valid graph can be published; the body names the problems", ""};
  router.add(
      "PATCH", "/api/v1/workflows/{id}/status",
      [&service, &activity](http::Request& request) {
        auto saved = service.setStatus(auth::requireCaller(request), request.pathParam("id"),
                                       request.jsonBody().getValue<std::string>("status"));
        activity.record(request, workflowActivity(saved.row, "workflow.status_changed"));
        return workflowResponse(200, saved);
      },
      std::move(status));

  auto duplicate = doc(auth::Action::ViewWorkflows, "Copy a workflow as a new draft");
  duplicate.responses[201] = {"The copy", kWorkflowSchema};
  router.add(
      "POST", "/api/v1/workflows/{id}/duplicate",
      [&service, &activity](http::Request& request) {
        auto saved = service.duplicate(auth::requireCaller(request), request.pathParam("id"));
        activity.record(request, workflowActivity(saved.row, "workflow.duplicated"));
        return workflowResponse(201, saved);
      },
      std::move(duplicate));

  auto versions = doc(auth::Action::ViewWorkflows,
                      "Every saved version, newest first, with who, when and what changed");
  versions.responses[200] = {"The versions", ""};
  router.add(
      "GET", "/api/v1/workflows/{id}/versions",
      [&service](http::Request& request) {
        const http::PageRequest page = http::parsePageRequest(request);
        const auto all = service.versions(auth::requireCaller(request), request.pathParam("id"));
        const auto first = std::min<std::size_t>(all.size(), static_cast<std::size_t>(page.offset));
        const auto last =
            std::min<std::size_t>(all.size(), first + static_cast<std::size_t>(page.limit));
        const std::vector<store::WorkflowVersionRow> slice(all.begin() + static_cast<long>(first),
                                                           all.begin() + static_cast<long>(last));
        return http::listResponse(slice, static_cast<std::int64_t>(all.size()), page,
                                  [](text::JsonWriter& json, const store::WorkflowVersionRow& row) {
                                    json.beginObject();
                                    writeVersionSummary(json, row);
                                    json.endObject();
                                  });
      },
      std::move(versions));

  auto version = doc(auth::Action::ViewWorkflows, "One saved version with its graph");
  version.responses[200] = {"The version", ""};
  router.add(
      "GET", "/api/v1/workflows/{id}/versions/{version}",
      [&service](http::Request& request) {
        const auto row = service.version(auth::requireCaller(request), request.pathParam("id"),
                                         versionParam(request));
        text::JsonWriter json;
        json.beginObject();
        writeVersionSummary(json, row);
        json.field("description", row.content.description);
        writeGraph(json, row.content);
        json.endObject();
        return http::jsonResponse(200, std::move(json));
      },
      std::move(version));

  auto restore =
      doc(auth::Action::EditWorkflows, "Make a saved version current again (as a new version)");
  restore.responses[200] = {"The workflow at its new version", kWorkflowSchema};
  router.add(
      "POST", "/api/v1/workflows/{id}/versions/{version}/restore",
      [&service, &activity](http::Request& request) {
        auto saved = service.restore(auth::requireCaller(request), request.pathParam("id"),
                                     versionParam(request));
        activity.record(request, workflowActivity(saved.row, "workflow.restored"));
        return workflowResponse(200, saved);
      },
      std::move(restore));

  auto exported = doc(auth::Action::ViewWorkflows,
                      "The workflow as one self-contained document (no secrets, no user ids)");
  exported.responses[200] = {"The export document; POST it to /api/v1/workflows/import", ""};
  router.add(
      "GET", "/api/v1/workflows/{id}/export",
      [&service](http::Request& request) {
        http::Response response = http::Response::json(
            200, service.exportDocument(auth::requireCaller(request), request.pathParam("id")));
        response.setHeader("Content-Disposition", "attachment; filename=\"workflow.json\"");
        return response;
      },
      std::move(exported));
}

}  // namespace orchestra::api
