// The rules of shared workspaces: creating and configuring them, their members and roles (the
// last owner stays, nobody grants above their own role), ownership transfer and deletion. Every
// change is one transaction with its activity row, and is announced on the collaboration channel.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "host/auth/Caller.hpp"
#include "host/auth/ClientInfo.hpp"
#include "host/bus/EventBus.hpp"
#include "host/store/ActivityRepository.hpp"
#include "host/store/Database.hpp"
#include "host/store/WorkspaceRepository.hpp"
#include "host/text/JsonDocument.hpp"
#include "host/workspaces/ActivityLog.hpp"

namespace orchestra::workspaces {

// A workspace as one caller sees it: with their role.
struct WorkspaceView {
  store::WorkspaceRow row;
  std::string role;
};

class WorkspaceService {
 public:
  // Told the user whose memberships a change touched, so cached callers are reloaded at once.
  using MembershipsChanged = std::function<void(const std::string& user_id)>;

  WorkspaceService(store::Database& database, bus::EventBus* events,
                   MembershipsChanged memberships_changed);

  std::vector<WorkspaceView> list(const auth::Caller& caller);
  // `body` was checked against the route's schema (name, description, settings).
  WorkspaceView create(const auth::Caller& caller, const auth::ClientInfo& client,
                       text::JsonView body);
  WorkspaceView get(const auth::Caller& caller, std::string_view id);
  WorkspaceView update(const auth::Caller& caller, const auth::ClientInfo& client,
                       std::string_view id, text::JsonView body);
  // 409 for a personal workspace or while executions are pending or running.
  void remove(const auth::Caller& caller, const auth::ClientInfo& client, std::string_view id);

  std::vector<store::MemberRow> members(const auth::Caller& caller, std::string_view id);
  // Removing oneself is leaving, which any member may do except the last owner.
  void removeMember(const auth::Caller& caller, const auth::ClientInfo& client, std::string_view id,
                    std::string_view user_id);
  store::MemberRow changeRole(const auth::Caller& caller, const auth::ClientInfo& client,
                              std::string_view id, std::string_view user_id,
                              const std::string& role);
  // The member `new_owner_id` becomes owner; the caller stays on as administrator.
  void transferOwnership(const auth::Caller& caller, const auth::ClientInfo& client,
                         std::string_view id, std::string_view new_owner_id);

 private:
  void record(Poco::Data::Session& session, const auth::Caller& caller,
              const auth::ClientInfo& client, const ActivityEntry& entry);
  void announce(const std::string& workspace_id, const char* type, const std::string& data_json);
  store::MemberRow memberOf(const std::string& workspace_id, std::string_view user_id);

  store::Database& database_;
  store::WorkspaceRepository workspaces_;
  store::ActivityRepository activity_;
  bus::EventBus* events_;
  MembershipsChanged memberships_changed_;
};

}  // namespace orchestra::workspaces
