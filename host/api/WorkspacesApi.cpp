#include "host/api/WorkspacesApi.hpp"

#include "host/auth/Policy.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/http/Pagination.hpp"

namespace orchestra::api {

namespace {

// Mass assignment is refused, not ignored: id, owner_id, personal, created_at and any other
// field outside these schemas are a 422, so a client learns that they were not applied.
constexpr const char* kSettingsSchema =
    R"({"type":"object","additionalProperties":false,"properties":{)"
    R"("default_budget_usd":{"type":["number","null"],"minimum":0},)"
    R"("monthly_budget_usd":{"type":["number","null"],"minimum":0},)"
    R"("max_concurrent_executions":{"type":["integer","null"],"minimum":1,"maximum":10000}}})";

std::string workspaceBodySchema(bool create) {
  return std::string(R"({"type":"object","additionalProperties":false,)") +
         (create ? R"("required":["name"],)" : R"("minProperties":1,)") +
         R"("properties":{"name":{"type":"string","minLength":1,"maxLength":255},)"
         R"("description":{"type":["string","null"],"maxLength":2000},"settings":)" +
         kSettingsSchema + "}}";
}

constexpr const char* kRoleSchema =
    R"({"type":"object","additionalProperties":false,"required":["role"],"properties":{)"
    R"("role":{"enum":["owner","administrator","editor","viewer"]}}})";

constexpr const char* kTransferSchema =
    R"({"type":"object","additionalProperties":false,"required":["new_owner_id"],)"
    R"("properties":{"new_owner_id":{"type":"string","format":"uuid"}}})";

void writeWorkspace(text::JsonWriter& json, const workspaces::WorkspaceView& view) {
  const auto& row = view.row;
  json.beginObject()
      .field("id", row.id)
      .field("name", row.name)
      .field("description", row.description)
      .field("owner_id", row.owner_id)
      .key("settings")
      .rawValue(row.settings)
      .field("role", view.role)
      .field("created_at", row.created_at)
      .field("updated_at", row.updated_at)
      .endObject();
}

void writeMember(text::JsonWriter& json, const store::MemberRow& member) {
  json.beginObject()
      .field("user_id", member.user_id)
      .field("email", member.email)
      .field("full_name", member.full_name)
      .field("role", member.role)
      .field("invited_by", member.invited_by)
      .field("joined_at", member.joined_at)
      .endObject();
}

http::Response workspaceResponse(int status, const workspaces::WorkspaceView& view) {
  text::JsonWriter json;
  writeWorkspace(json, view);
  return http::jsonResponse(status, std::move(json));
}

http::RouteDoc doc(auth::Action action, std::string summary, std::string request_schema = "") {
  http::RouteDoc route_doc;
  route_doc.summary = std::move(summary);
  route_doc.tags = {"workspaces"};
  route_doc.requires_auth = true;
  route_doc.action = auth::actionName(action);
  route_doc.request_schema_json = std::move(request_schema);
  route_doc.responses[401] = {"Missing, invalid or revoked access token", ""};
  if (action != auth::Action::Account) {
    route_doc.responses[403] = {"The caller's role in the workspace does not allow this", ""};
    route_doc.responses[404] = {"No such workspace among the caller's", ""};
  }
  return route_doc;
}

}  // namespace

void registerWorkspaceRoutes(http::Router& router, workspaces::WorkspaceService& service,
                             const ActivityRecorder& activity) {
  router.add(
      "GET", "/api/v1/workspaces",
      [&service](http::Request& request) {
        const auto views = service.list(auth::requireCaller(request));
        const auto total = static_cast<std::int64_t>(views.size());
        return http::listResponse(views, total, {total == 0 ? 1 : total, 0}, writeWorkspace);
      },
      doc(auth::Action::Account, "The workspaces the caller belongs to, with their role"));

  auto create = doc(auth::Action::Account, "Create a shared workspace; the caller owns it",
                    workspaceBodySchema(true));
  create.responses[201] = {"The workspace", ""};
  router.add(
      "POST", "/api/v1/workspaces",
      [&service, &activity](http::Request& request) {
        return workspaceResponse(201, service.create(auth::requireCaller(request),
                                                     activity.client(request), request.jsonBody()));
      },
      std::move(create));

  router.add(
      "GET", "/api/v1/workspaces/{id}",
      [&service](http::Request& request) {
        return workspaceResponse(
            200, service.get(auth::requireCaller(request), request.pathParam("id")));
      },
      doc(auth::Action::ViewWorkspace, "One workspace with its settings"));

  auto update = doc(auth::Action::WorkspaceSettings,
                    "Change the name, description or settings (budgets, execution concurrency)",
                    workspaceBodySchema(false));
  update.description =
      "settings keys are merged: a key given replaces the stored one, null removes it, keys not "
      "given stay. Fields outside the schema (owner_id, id, personal...) are refused with 422.";
  router.add(
      "PATCH", "/api/v1/workspaces/{id}",
      [&service, &activity](http::Request& request) {
        return workspaceResponse(
            200, service.update(auth::requireCaller(request), activity.client(request),
                                request.pathParam("id"), request.jsonBody()));
      },
      std::move(update));

  auto remove = doc(auth::Action::DeleteWorkspace,
                    "Delete a workspace with its workflows, agents, executions, MCP servers, "
                    "secrets and files");
  remove.responses[204] = {"Deleted", ""};
  remove.responses[409] = {"A personal workspace, or executions are pending or running", ""};
  router.add(
      "DELETE", "/api/v1/workspaces/{id}",
      [&service, &activity](http::Request& request) {
        service.remove(auth::requireCaller(request), activity.client(request),
                       request.pathParam("id"));
        return http::Response::noContent();
      },
      std::move(remove));

  router.add(
      "GET", "/api/v1/workspaces/{id}/members",
      [&service](http::Request& request) {
        const auto members = service.members(auth::requireCaller(request), request.pathParam("id"));
        const auto total = static_cast<std::int64_t>(members.size());
        return http::listResponse(members, total, {total == 0 ? 1 : total, 0}, writeMember);
      },
      doc(auth::Action::ViewMembers, "The members of a workspace with their roles"));

  auto change = doc(auth::Action::ChangeRoles, "Change a member's role", kRoleSchema);
  change.description =
      "Nobody grants a role above their own or changes the role of a member above them; the "
      "last owner cannot be demoted (409).";
  change.responses[409] = {"The last owner would be demoted", ""};
  router.add(
      "PATCH", "/api/v1/workspaces/{id}/members/{user_id}",
      [&service, &activity](http::Request& request) {
        const auto member = service.changeRole(
            auth::requireCaller(request), activity.client(request), request.pathParam("id"),
            request.pathParam("user_id"), request.jsonBody().getValue<std::string>("role"));
        text::JsonWriter json;
        writeMember(json, member);
        return http::jsonResponse(200, std::move(json));
      },
      std::move(change));

  auto leave = doc(auth::Action::RemoveMembers, "Remove a member, or leave (your own user id)");
  leave.description =
      "Leaving needs no right beyond membership; removing someone else needs members.remove and "
      "a role at least theirs. The last owner can neither leave nor be removed (409).";
  leave.responses[204] = {"Removed", ""};
  leave.responses[409] = {"The last owner would go", ""};
  router.add(
      "DELETE", "/api/v1/workspaces/{id}/members/{user_id}",
      [&service, &activity](http::Request& request) {
        service.removeMember(auth::requireCaller(request), activity.client(request),
                             request.pathParam("id"), request.pathParam("user_id"));
        return http::Response::noContent();
      },
      std::move(leave));

  auto transfer =
      doc(auth::Action::TransferOwnership,
          "Make another member the owner; the caller becomes administrator", kTransferSchema);
  transfer.responses[204] = {"Transferred", ""};
  router.add(
      "POST", "/api/v1/workspaces/{id}/transfer-ownership",
      [&service, &activity](http::Request& request) {
        service.transferOwnership(auth::requireCaller(request), activity.client(request),
                                  request.pathParam("id"),
                                  request.jsonBody().getValue<std::string>("new_owner_id"));
        return http::Response::noContent();
      },
      std::move(transfer));
}

}  // namespace orchestra::api
