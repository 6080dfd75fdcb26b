#include "host/workspaces/WorkspaceService.hpp"

#include <Poco/JSON/Parser.h>

#include <array>

#include "host/auth/Policy.hpp"
#include "host/errors/ApiError.hpp"
#include "host/store/SqlValues.hpp"
#include "host/store/Timestamp.hpp"
#include "host/text/JsonWriter.hpp"
#include "host/workspaces/CollaborationEvents.hpp"

namespace orchestra::workspaces {

using errors::ApiError;
using Poco::Data::Session;
using Poco::JSON::Object;

namespace {

// The settings keys the API may write; anything else in the stored object (e.g. "personal",
// which the host sets at sign-up) is kept as it is and never taken from a request.
constexpr std::array<const char*, 3> kWritableSettings = {
    "default_budget_usd", "monthly_budget_usd", "max_concurrent_executions"};

Object::Ptr parseObject(const std::string& json) {
  Poco::JSON::Parser parser;
  const auto parsed = parser.parse(json.empty() ? std::string("{}") : json);
  const auto& object = parsed.extract<Object::Ptr>();
  if (!object.isNull()) return object;
  return Object::Ptr(
      new Object);  // NOLINT(clang-analyzer-cplusplus.NewDeleteLeaks): owned by the Ptr
}

std::string mergedSettings(const std::string& stored, text::JsonView body) {
  Object::Ptr settings = parseObject(stored);
  const text::JsonView changes = body.get("settings");
  for (const char* key : kWritableSettings) {
    if (!changes.has(key)) continue;
    if (changes.isNull(key)) {
      settings->remove(key);
    } else {
      // A number the schema admitted, held as Poco holds the stored rest.
      const text::JsonView change = changes.get(key);
      if (change.isInteger()) {
        settings->set(key, change.as<std::int64_t>());
      } else {
        settings->set(key, change.as<double>());
      }
    }
  }
  return text::toJson(settings);
}

bool isPersonal(const store::WorkspaceRow& row) {
  const Object::Ptr settings = parseObject(row.settings);
  return settings->has("personal") && settings->get("personal").isBoolean() &&
         settings->getValue<bool>("personal");
}

std::string roleOf(const auth::Caller& caller, const std::string& workspace_id) {
  const auto* membership = caller.membership(workspace_id);
  return membership ? membership->role : std::string();
}

auth::WorkspaceRole roleValue(std::string_view text) {
  return auth::parseWorkspaceRole(text).value_or(auth::WorkspaceRole::Viewer);
}

ApiError workspaceNotFound() {
  return ApiError::notFound("Workspace not found");
}

}  // namespace

WorkspaceService::WorkspaceService(store::Database& database, bus::EventBus* events,
                                   MembershipsChanged memberships_changed)
    : database_(database),
      workspaces_(database),
      activity_(database),
      events_(events),
      memberships_changed_(std::move(memberships_changed)) {}

void WorkspaceService::record(Session& session, const auth::Caller& caller,
                              const auth::ClientInfo& client, const ActivityEntry& entry) {
  activity_.insert(session, activityRow(caller, client, entry));
}

void WorkspaceService::announce(const std::string& workspace_id, const char* type,
                                const std::string& data_json) {
  publishCollaborationEvent(events_, workspace_id, type, data_json);
}

std::vector<WorkspaceView> WorkspaceService::list(const auth::Caller& caller) {
  std::vector<WorkspaceView> views;
  for (auto& row : workspaces_.listForUser(caller.userId())) {
    std::string role = roleOf(caller, row.id);
    // A membership granted after the caller was cached: its role comes from the database.
    if (role.empty()) role = workspaces_.membership(row.id, caller.userId()).value_or("");
    views.push_back({std::move(row), std::move(role)});
  }
  return views;
}

WorkspaceView WorkspaceService::create(const auth::Caller& caller, const auth::ClientInfo& client,
                                       text::JsonView body) {
  store::WorkspaceFields fields;
  fields.name = body.getValue<std::string>("name");
  if (body.has("description") && !body.isNull("description"))
    fields.description = body.getValue<std::string>("description");
  fields.settings = mergedSettings("{}", body);
  auto row = database_.withTransaction([&](Session& session) {
    auto created = workspaces_.create(session, fields, caller.userId());
    record(session, caller, client,
           {created.id, "workspace.created", "workspace", created.id, "{}"});
    return created;
  });
  if (memberships_changed_) memberships_changed_(caller.userId());
  return {std::move(row), std::string(store::workspace_role::kOwner)};
}

WorkspaceView WorkspaceService::get(const auth::Caller& caller, std::string_view id) {
  auth::authorize(caller, id, auth::Action::ViewWorkspace);
  auto row = workspaces_.find(id);
  if (!row) throw workspaceNotFound();
  std::string role = roleOf(caller, row->id);
  return {std::move(*row), std::move(role)};
}

WorkspaceView WorkspaceService::update(const auth::Caller& caller, const auth::ClientInfo& client,
                                       std::string_view id, text::JsonView body) {
  auth::authorize(caller, id, auth::Action::WorkspaceSettings);
  auto current = workspaces_.find(id);
  if (!current) throw workspaceNotFound();
  store::WorkspaceFields fields;
  fields.name = body.optValue<std::string>("name", current->name);
  fields.description = current->description;
  if (body.has("description")) {
    fields.description = body.isNull("description")
                             ? std::nullopt
                             : std::optional(body.getValue<std::string>("description"));
  }
  fields.settings = mergedSettings(current->settings, body);
  const std::string changed = text::toJson(body);
  auto row = database_.withTransaction([&](Session& session) {
    workspaces_.update(session, current->id, fields);
    record(session, caller, client,
           {current->id, "workspace.updated", "workspace", current->id, changed});
    return workspaces_.find(session, current->id);
  });
  if (!row) throw workspaceNotFound();
  text::JsonWriter data;
  data.beginObject()
      .field("workspace_id", row->id)
      .field("name", row->name)
      .field("user_id", caller.userId())
      .endObject();
  announce(row->id, "workspace_updated", std::move(data).finish());
  return {std::move(*row), roleOf(caller, current->id)};
}

void WorkspaceService::remove(const auth::Caller& caller, const auth::ClientInfo& client,
                              std::string_view id) {
  auth::authorize(caller, id, auth::Action::DeleteWorkspace);
  const auto current = workspaces_.find(id);
  if (!current) throw workspaceNotFound();
  if (isPersonal(*current)) {
    throw ApiError::conflict("A personal workspace cannot be deleted");
  }
  const auto members = workspaces_.members(current->id);
  database_.withTransaction([&](Session& session) {
    const std::int64_t active = workspaces_.activeExecutions(session, current->id);
    if (active > 0) {
      throw ApiError::conflict("The workspace has " + std::to_string(active) +
                               " pending or running execution(s); cancel them or wait, then "
                               "delete it");
    }
    workspaces_.remove(session, current->id);
    // Its own rows went with it: this one outlives it, without a workspace.
    text::JsonWriter details;
    details.beginObject().field("name", current->name).endObject();
    record(
        session, caller, client,
        {std::nullopt, "workspace.deleted", "workspace", current->id, std::move(details).finish()});
  });
  if (memberships_changed_) {
    for (const auto& member : members)
      memberships_changed_(member.user_id);
  }
  text::JsonWriter data;
  data.beginObject()
      .field("workspace_id", current->id)
      .field("user_id", caller.userId())
      .endObject();
  announce(current->id, "workspace_deleted", std::move(data).finish());
}

std::vector<store::MemberRow> WorkspaceService::members(const auth::Caller& caller,
                                                        std::string_view id) {
  auth::authorize(caller, id, auth::Action::ViewMembers);
  return workspaces_.members(id);
}

store::MemberRow WorkspaceService::memberOf(const std::string& workspace_id,
                                            std::string_view user_id) {
  const auto canonical = store::canonicalUuid(user_id);
  if (canonical) {
    for (auto& member : workspaces_.members(workspace_id)) {
      if (member.user_id == *canonical) return member;
    }
  }
  throw ApiError::notFound("No such member of this workspace");
}

void WorkspaceService::removeMember(const auth::Caller& caller, const auth::ClientInfo& client,
                                    std::string_view id, std::string_view user_id) {
  const auto leaving = store::canonicalUuid(user_id) == caller.userId();
  const auto caller_role = auth::authorize(
      caller, id, leaving ? auth::Action::ViewWorkspace : auth::Action::RemoveMembers);
  const std::string workspace_id = store::canonicalUuid(id).value_or(std::string(id));
  const store::MemberRow target = memberOf(workspace_id, user_id);
  if (!leaving && roleValue(target.role) > caller_role) {
    throw ApiError::forbidden("You cannot remove a member whose role is above yours");
  }
  database_.withTransaction([&](Session& session) {
    if (target.role == store::workspace_role::kOwner &&
        workspaces_.ownerCount(session, workspace_id) <= 1) {
      throw ApiError::conflict(
          "The last owner cannot leave or be removed; transfer ownership first");
    }
    workspaces_.removeMember(session, workspace_id, target.user_id);
    record(session, caller, client,
           {workspace_id, leaving ? "member.left" : "member.removed", "member", target.user_id,
            memberEventData(target.user_id, target.role)});
  });
  if (memberships_changed_) memberships_changed_(target.user_id);
  announce(workspace_id, "member_left", memberEventData(target.user_id, target.role));
}

store::MemberRow WorkspaceService::changeRole(const auth::Caller& caller,
                                              const auth::ClientInfo& client, std::string_view id,
                                              std::string_view user_id, const std::string& role) {
  const auto caller_role = auth::authorize(caller, id, auth::Action::ChangeRoles);
  const std::string workspace_id = store::canonicalUuid(id).value_or(std::string(id));
  store::MemberRow target = memberOf(workspace_id, user_id);
  // The route's schema admits only the plan's four role names.
  if (roleValue(role) > caller_role) {
    throw ApiError::forbidden("You cannot grant a role above your own");
  }
  if (roleValue(target.role) > caller_role) {
    throw ApiError::forbidden("You cannot change the role of a member above you");
  }
  if (target.role == role) return target;
  const std::string previous = target.role;
  database_.withTransaction([&](Session& session) {
    if (previous == store::workspace_role::kOwner &&
        workspaces_.ownerCount(session, workspace_id) <= 1) {
      throw ApiError::conflict("The last owner cannot be demoted; transfer ownership first");
    }
    workspaces_.setRole(session, workspace_id, target.user_id, role);
    text::JsonWriter details;
    details.beginObject()
        .field("user_id", target.user_id)
        .field("from", previous)
        .field("to", role)
        .endObject();
    record(session, caller, client,
           {workspace_id, "member.role_changed", "member", target.user_id,
            std::move(details).finish()});
  });
  if (memberships_changed_) memberships_changed_(target.user_id);
  target.role = role;
  announce(workspace_id, "member_role_changed", memberEventData(target.user_id, role));
  return target;
}

void WorkspaceService::transferOwnership(const auth::Caller& caller, const auth::ClientInfo& client,
                                         std::string_view id, std::string_view new_owner_id) {
  auth::authorize(caller, id, auth::Action::TransferOwnership);
  const std::string workspace_id = store::canonicalUuid(id).value_or(std::string(id));
  const auto canonical = store::canonicalUuid(new_owner_id);
  if (!canonical || *canonical == caller.userId()) {
    throw ApiError::validation({"body", "new_owner_id"}, "Name another member of the workspace",
                               "value_error");
  }
  const store::MemberRow target = memberOf(workspace_id, *canonical);
  database_.withTransaction([&](Session& session) {
    workspaces_.setRole(session, workspace_id, target.user_id, store::workspace_role::kOwner);
    workspaces_.setRole(session, workspace_id, caller.userId(),
                        store::workspace_role::kAdministrator);
    workspaces_.setOwnerId(session, workspace_id, target.user_id);
    text::JsonWriter details;
    details.beginObject().field("from", caller.userId()).field("to", target.user_id).endObject();
    record(session, caller, client,
           {workspace_id, "workspace.ownership_transferred", "workspace", workspace_id,
            std::move(details).finish()});
  });
  if (memberships_changed_) {
    memberships_changed_(target.user_id);
    memberships_changed_(caller.userId());
  }
  announce(workspace_id, "member_role_changed",
           memberEventData(target.user_id, std::string(store::workspace_role::kOwner)));
  announce(workspace_id, "member_role_changed",
           memberEventData(caller.userId(), std::string(store::workspace_role::kAdministrator)));
}

}  // namespace orchestra::workspaces
