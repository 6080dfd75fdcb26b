// The authorization helpers every API area uses: who is calling, and may they touch this
// workspace. A workspace the caller does not belong to is answered as 404, never 403, so that
// its existence is not confirmed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/auth/Caller.hpp"

namespace orchestra::auth {

// The plan's roles, weakest first, so that "at least Editor" is a comparison.
enum class WorkspaceRole { Viewer = 0, Editor = 1, Administrator = 2, Owner = 3 };

// nullopt for a role text the plan does not define.
std::optional<WorkspaceRole> parseWorkspaceRole(std::string_view text);

// Throws errors::ApiError 404 when the caller is not a member of `workspace_id` (or the id is
// malformed), and 403 when they are a member with a weaker role than `minimum`. Returns the
// caller's role.
WorkspaceRole requireWorkspaceRole(const Caller& caller, std::string_view workspace_id,
                                   WorkspaceRole minimum = WorkspaceRole::Viewer);

// The workspace a request acts in: `requested` (the body's workspace_id) when given, else the
// caller's personal workspace, the oldest one they own (memberships are oldest first). Throws
// errors::ApiError 422 at body.workspace_id when none is given and they own none. Membership
// and role are not checked here: requireWorkspaceRole does that.
std::string requestedOrPersonalWorkspace(const Caller& caller,
                                         const std::optional<std::string>& requested);

// Every workspace id the caller belongs to: list queries are scoped with
// `workspace_id IN (...)` over exactly these, so no other workspace's rows can be returned.
std::vector<std::string> readableWorkspaceIds(const Caller& caller);

}  // namespace orchestra::auth
