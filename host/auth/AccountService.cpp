#include "host/auth/AccountService.hpp"

#include <utility>

namespace orchestra::auth {

std::optional<store::UserRow> AccountService::findUser(std::string_view user_id) {
  return users_.findById(user_id);
}

std::optional<Account> AccountService::account(std::string_view user_id) {
  auto user = users_.findById(user_id);
  if (!user) return std::nullopt;
  auto workspaces = workspaces_.membershipsOf(user->id);
  return Account{std::move(*user), std::move(workspaces)};
}

std::optional<Account> AccountService::updateProfile(std::string_view user_id,
                                                     const store::ProfileUpdate& update) {
  auto user = users_.updateProfile(user_id, update);
  if (!user) return std::nullopt;
  auto workspaces = workspaces_.membershipsOf(user->id);
  return Account{std::move(*user), std::move(workspaces)};
}

}  // namespace orchestra::auth
