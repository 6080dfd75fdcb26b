// The signed-in user's own account: reading it with the workspaces they belong to (and their
// role in each), and changing the profile fields a user may change.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "host/store/Database.hpp"
#include "host/store/UserRepository.hpp"
#include "host/store/WorkspaceRepository.hpp"

namespace orchestra::auth {

struct Account {
  store::UserRow user;
  std::vector<store::MembershipRow> workspaces;  // oldest first
};

class AccountService {
 public:
  explicit AccountService(store::Database& database) : users_(database), workspaces_(database) {}

  std::optional<store::UserRow> findUser(std::string_view user_id);
  // nullopt when the user no longer exists.
  std::optional<Account> account(std::string_view user_id);
  std::optional<Account> updateProfile(std::string_view user_id,
                                       const store::ProfileUpdate& update);

 private:
  store::UserRepository users_;
  store::WorkspaceRepository workspaces_;
};

}  // namespace orchestra::auth
