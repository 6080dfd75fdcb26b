// Who is calling: the user, the session and the workspaces the user belongs to (with roles),
// established from an access token by SessionService for HTTP requests and WebSockets alike.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orchestra::auth {

struct WorkspaceMembership {
  std::string workspace_id;
  std::string role;  // owner, administrator, editor, viewer
};

class Caller {
 public:
  Caller(std::string user_id, std::string email, std::string session_id,
         std::vector<WorkspaceMembership> memberships)
      : user_id_(std::move(user_id)),
        email_(std::move(email)),
        session_id_(std::move(session_id)),
        memberships_(std::move(memberships)) {}

  const std::string& userId() const { return user_id_; }
  const std::string& email() const { return email_; }
  const std::string& sessionId() const { return session_id_; }
  const std::vector<WorkspaceMembership>& memberships() const { return memberships_; }

  // The caller's membership of `workspace_id`, or null when the caller is not a member.
  const WorkspaceMembership* membership(std::string_view workspace_id) const {
    for (const auto& entry : memberships_) {
      if (entry.workspace_id == workspace_id) return &entry;
    }
    return nullptr;
  }

 private:
  std::string user_id_;
  std::string email_;
  std::string session_id_;
  std::vector<WorkspaceMembership> memberships_;
};

}  // namespace orchestra::auth
