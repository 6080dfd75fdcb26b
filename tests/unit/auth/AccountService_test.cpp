// AccountService against a real (SQLite) database: the account with its workspaces, and
// profile changes with PATCH semantics (absent stays, null clears).
#include "host/auth/AccountService.hpp"

#include <gtest/gtest.h>

#include "tests/unit/auth/AuthServiceTestSupport.hpp"

namespace orchestra::auth {
namespace {

class AccountServiceTest : public AuthServiceTest {
 protected:
  AccountService accounts_{database_};
};

TEST_F(AccountServiceTest, TheAccountListsTheUsersWorkspacesWithRoles) {
  const store::UserRow ada = createUser("ada@example.com");
  const auto account = accounts_.account(ada.id);
  ASSERT_TRUE(account.has_value());
  EXPECT_EQ(account->user.id, ada.id);
  EXPECT_EQ(account->user.email, "ada@example.com");
  ASSERT_EQ(account->workspaces.size(), 1U);
  EXPECT_EQ(account->workspaces[0].role, "owner");
  EXPECT_EQ(account->workspaces[0].workspace_name, "Personal");
  EXPECT_EQ(accounts_.findUser(ada.id)->email, "ada@example.com");
}

TEST_F(AccountServiceTest, AnUnknownOrMalformedUserHasNoAccount) {
  EXPECT_FALSE(accounts_.account("00000000-0000-4000-8000-000000000000").has_value());
  EXPECT_FALSE(accounts_.account("not-a-uuid").has_value());
  EXPECT_FALSE(accounts_.findUser("00000000-0000-4000-8000-000000000000").has_value());
  store::ProfileUpdate update;
  update.full_name = std::optional<std::string>("Nobody");
  EXPECT_FALSE(accounts_.updateProfile("00000000-0000-4000-8000-000000000000", update));
}

TEST_F(AccountServiceTest, ProfileUpdatesChangeOnlyThePresentFields) {
  const store::UserRow ada = createUser("ada@example.com");
  store::ProfileUpdate both;
  both.full_name = std::optional<std::string>("Ada Lovelace");
  both.avatar_url = std::optional<std::string>("https://example.com/ada.png");
  const auto updated = accounts_.updateProfile(ada.id, both);
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(updated->user.full_name, "Ada Lovelace");
  EXPECT_EQ(updated->user.avatar_url, "https://example.com/ada.png");
  EXPECT_EQ(updated->workspaces.size(), 1U);

  store::ProfileUpdate clear_avatar;
  clear_avatar.avatar_url = std::optional<std::string>();  // present, null: clears the column
  const auto cleared = accounts_.updateProfile(ada.id, clear_avatar);
  ASSERT_TRUE(cleared.has_value());
  EXPECT_EQ(cleared->user.full_name, "Ada Lovelace");
  EXPECT_FALSE(cleared->user.avatar_url.has_value());
  EXPECT_EQ(accounts_.account(ada.id)->user.full_name, "Ada Lovelace");
}

}  // namespace
}  // namespace orchestra::auth
