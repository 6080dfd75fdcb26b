#include "host/auth/Authorization.hpp"

#include "host/errors/ApiError.hpp"
#include "host/store/SqlValues.hpp"

namespace orchestra::auth {

std::optional<WorkspaceRole> parseWorkspaceRole(std::string_view text) {
  if (text == "viewer") return WorkspaceRole::Viewer;
  if (text == "editor") return WorkspaceRole::Editor;
  if (text == "administrator" || text == "admin") return WorkspaceRole::Administrator;
  if (text == "owner") return WorkspaceRole::Owner;
  return std::nullopt;
}

WorkspaceRole requireWorkspaceRole(const Caller& caller, std::string_view workspace_id,
                                   WorkspaceRole minimum) {
  const auto canonical = store::canonicalUuid(workspace_id);
  const WorkspaceMembership* membership = canonical ? caller.membership(*canonical) : nullptr;
  const auto role = membership ? parseWorkspaceRole(membership->role) : std::nullopt;
  if (!role) throw errors::ApiError::notFound("Workspace not found");
  // A member already knows the workspace exists: telling them they lack the role leaks nothing.
  if (*role < minimum) throw errors::ApiError(403, "Insufficient workspace role");
  return *role;
}

std::vector<std::string> readableWorkspaceIds(const Caller& caller) {
  std::vector<std::string> ids;
  ids.reserve(caller.memberships().size());
  for (const auto& membership : caller.memberships())
    ids.push_back(membership.workspace_id);
  return ids;
}

std::string requestedOrPersonalWorkspace(const Caller& caller,
                                         const std::optional<std::string>& requested) {
  if (requested) return *requested;
  for (const auto& membership : caller.memberships()) {
    if (membership.role == "owner") return membership.workspace_id;
  }
  throw errors::ApiError::validation(
      {"body", "workspace_id"}, "You own no workspace; name the workspace to act in", "missing");
}

}  // namespace orchestra::auth
