// SQL for workspaces and their members: the personal workspace every user gets, the list a
// user belongs to, and a member's role: the one authorization question every resource asks.
#pragma once

#include <Poco/Data/Session.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/store/Database.hpp"
#include "host/store/UserRepository.hpp"

namespace orchestra::store {

struct WorkspaceRow {
  std::string id;
  std::string name;
  std::optional<std::string> description;
  std::string owner_id;
  std::string settings;  // JSON object text
  std::string created_at;
  std::string updated_at;
};

// One workspace a user belongs to, with the user's role in it.
struct MembershipRow {
  std::string workspace_id;
  std::string workspace_name;
  std::string role;
};

// One member of a workspace, for the members list.
struct MemberRow {
  std::string user_id;
  std::string email;
  std::optional<std::string> full_name;
  std::string role;
  std::optional<std::string> invited_by;
  std::string joined_at;
};

// What a workspace's creator or administrator may set; name is required on create.
struct WorkspaceFields {
  std::string name;
  std::optional<std::string> description;
  std::string settings;  // JSON object text
};

// The roles the plan defines, as stored in workspace_members.role.
namespace workspace_role {
inline constexpr std::string_view kOwner = "owner";
inline constexpr std::string_view kAdministrator = "administrator";
inline constexpr std::string_view kEditor = "editor";
inline constexpr std::string_view kViewer = "viewer";
}  // namespace workspace_role

class WorkspaceRepository {
 public:
  explicit WorkspaceRepository(Database& database) : database_(database) {}

  // Inserts the workspace ("Personal", settings {"personal": true}) and the owner's
  // membership atomically: both or neither. The session overload runs inside the caller's
  // transaction (e.g. together with creating the user).
  WorkspaceRow createPersonalWorkspace(const UserRow& owner);
  WorkspaceRow createPersonalWorkspace(Poco::Data::Session& session, const UserRow& owner);

  // The workspaces `user_id` is a member of, oldest first.
  std::vector<WorkspaceRow> listForUser(std::string_view user_id);
  std::vector<WorkspaceRow> listForUser(Poco::Data::Session& session, std::string_view user_id);

  // Every workspace `user_id` belongs to with their role, oldest first, in one query (each
  // authenticated request's caller is built from this).
  std::vector<MembershipRow> membershipsOf(std::string_view user_id);

  // The member's role, or nullopt when `user_id` is not a member (or either id is malformed).
  std::optional<std::string> membership(std::string_view workspace_id, std::string_view user_id);
  std::optional<std::string> membership(Poco::Data::Session& session, std::string_view workspace_id,
                                        std::string_view user_id);

  // A shared workspace with `owner_id` as its owner member, inside the caller's transaction.
  WorkspaceRow create(Poco::Data::Session& session, const WorkspaceFields& fields,
                      const std::string& owner_id);
  std::optional<WorkspaceRow> find(std::string_view id);
  std::optional<WorkspaceRow> find(Poco::Data::Session& session, std::string_view id);
  void update(Poco::Data::Session& session, const std::string& id, const WorkspaceFields& fields);
  // Deletes the workspace; its workflows, agents, executions, MCP servers, secrets, files,
  // members, invitations and activity go with it (ON DELETE CASCADE). Copies other workspaces
  // made of its workflows stay, without their parent link.
  void remove(Poco::Data::Session& session, const std::string& id);
  // Executions of the workspace that are pending or running.
  // Counted under a lock on the workspace row (PostgreSQL): an execution being inserted holds a
  // key-share lock on it through its foreign key, so it either committed before the count (and
  // is counted) or waits until the delete is done (and fails its foreign key). SQLite has one
  // writer at a time.
  std::int64_t activeExecutions(Poco::Data::Session& session, const std::string& id);

  std::vector<MemberRow> members(std::string_view workspace_id);
  std::int64_t ownerCount(Poco::Data::Session& session, const std::string& workspace_id);
  void addMember(Poco::Data::Session& session, const std::string& workspace_id,
                 const std::string& user_id, std::string_view role,
                 const std::optional<std::string>& invited_by);
  void setRole(Poco::Data::Session& session, const std::string& workspace_id,
               const std::string& user_id, std::string_view role);
  void removeMember(Poco::Data::Session& session, const std::string& workspace_id,
                    const std::string& user_id);
  // workspaces.owner_id follows the owner role on a transfer.
  void setOwnerId(Poco::Data::Session& session, const std::string& workspace_id,
                  const std::string& user_id);

 private:
  std::optional<WorkspaceRow> findById(Poco::Data::Session& session, const std::string& id);

  Database& database_;
};

}  // namespace orchestra::store
