#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "host/store/SqlValues.hpp"
#include "host/store/UserRepository.hpp"
#include "host/store/WorkspaceRepository.hpp"
#include "tests/unit/store/StoreTestSupport.hpp"

namespace orchestra::store {
namespace {

using namespace Poco::Data::Keywords;
using Poco::Data::Session;

class RepositoriesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    migrate();
  }

  // 'YYYY-MM-DDTHH:MM:SS.sssZ'
  static void expectIsoTimestamp(const std::string& text) {
    ASSERT_EQ(text.size(), 24u) << text;
    EXPECT_EQ(text[10], 'T') << text;
    EXPECT_EQ(text[19], '.') << text;
    EXPECT_EQ(text.back(), 'Z') << text;
  }
};

TEST_P(RepositoriesTest, UserRoundTrip) {
  UserRepository users(*database_);
  const UserRow created = users.create({" Ada@Example.COM ", std::string("$argon2id$hash"),
                                        std::string("Ada Lovelace"), std::nullopt, false});
  EXPECT_TRUE(canonicalUuid(created.id).has_value());
  EXPECT_EQ(created.email, "ada@example.com");
  EXPECT_EQ(created.password_hash, "$argon2id$hash");
  EXPECT_EQ(created.full_name, "Ada Lovelace");
  EXPECT_EQ(created.avatar_url, std::nullopt);
  EXPECT_TRUE(created.is_active);
  EXPECT_FALSE(created.is_verified);
  EXPECT_EQ(created.email_verified_at, std::nullopt);
  EXPECT_EQ(created.last_login_at, std::nullopt);
  expectIsoTimestamp(created.created_at);
  expectIsoTimestamp(created.updated_at);

  const auto by_email = users.findByEmail("ADA@example.com");
  ASSERT_TRUE(by_email.has_value());
  EXPECT_EQ(by_email->id, created.id);
  std::string upper_id = created.id;
  for (auto& c : upper_id)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto by_id = users.findById(upper_id);
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(by_id->email, "ada@example.com");

  EXPECT_EQ(users.findByEmail("nobody@example.com"), std::nullopt);
  EXPECT_EQ(users.findById("not-a-uuid"), std::nullopt);
  EXPECT_EQ(users.findById(newUuid()), std::nullopt);
}

TEST_P(RepositoriesTest, VerifiedOtpOnlyUser) {
  UserRepository users(*database_);
  const UserRow created =
      users.create({"otp@example.com", std::nullopt, std::nullopt, std::nullopt, true});
  EXPECT_EQ(created.password_hash, std::nullopt);
  EXPECT_TRUE(created.is_verified);
  ASSERT_TRUE(created.email_verified_at.has_value());
  expectIsoTimestamp(*created.email_verified_at);
}

TEST_P(RepositoriesTest, DuplicateEmailIsAUniqueViolation) {
  UserRepository users(*database_);
  users.create({"same@example.com", std::nullopt, std::nullopt, std::nullopt, false});
  try {
    users.create({"SAME@example.com", std::nullopt, std::nullopt, std::nullopt, false});
    FAIL() << "a second account with the same email was created";
  } catch (const StoreError& error) {
    EXPECT_EQ(error.kind(), StoreErrorKind::UniqueViolation) << error.what();
  }
}

TEST_P(RepositoriesTest, UpdateProfileAndMarkLogin) {
  UserRepository users(*database_);
  const UserRow created =
      users.create({"p@example.com", std::nullopt, std::string("Old Name"), std::nullopt, false});
  ProfileUpdate update;
  update.avatar_url = std::optional<std::string>("https://example.com/a.png");
  auto updated = users.updateProfile(created.id, update);
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(updated->full_name, "Old Name");  // absent: unchanged
  EXPECT_EQ(updated->avatar_url, "https://example.com/a.png");
  EXPECT_GE(updated->updated_at, created.updated_at);

  ProfileUpdate clear;
  clear.full_name = std::optional<std::string>();  // present and null: cleared
  updated = users.updateProfile(created.id, clear);
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(updated->full_name, std::nullopt);
  EXPECT_EQ(updated->avatar_url, "https://example.com/a.png");

  EXPECT_EQ(users.updateProfile(newUuid(), update), std::nullopt);

  EXPECT_TRUE(users.markLogin(created.id));
  EXPECT_FALSE(users.markLogin(newUuid()));
  const auto after_login = users.findById(created.id);
  ASSERT_TRUE(after_login->last_login_at.has_value());
  expectIsoTimestamp(*after_login->last_login_at);
  EXPECT_GE(*after_login->last_login_at, created.created_at);
}

TEST_P(RepositoriesTest, PersonalWorkspaceWithOwnerMembership) {
  UserRepository users(*database_);
  WorkspaceRepository workspaces(*database_);
  const UserRow owner =
      users.create({"owner@example.com", std::nullopt, std::nullopt, std::nullopt, false});
  const UserRow stranger =
      users.create({"stranger@example.com", std::nullopt, std::nullopt, std::nullopt, false});
  const WorkspaceRow workspace = workspaces.createPersonalWorkspace(owner);
  EXPECT_TRUE(canonicalUuid(workspace.id).has_value());
  EXPECT_EQ(workspace.owner_id, owner.id);
  EXPECT_EQ(workspace.name, "Personal");
  EXPECT_NE(workspace.settings.find("personal"), std::string::npos) << workspace.settings;
  expectIsoTimestamp(workspace.created_at);

  EXPECT_EQ(workspaces.membership(workspace.id, owner.id), "owner");
  EXPECT_EQ(workspaces.membership(workspace.id, stranger.id), std::nullopt);
  EXPECT_EQ(workspaces.membership("garbage", owner.id), std::nullopt);

  const WorkspaceRow second = workspaces.createPersonalWorkspace(owner);
  const auto listed = workspaces.listForUser(owner.id);
  ASSERT_EQ(listed.size(), 2u);
  // Ordered by creation time; two created within the same millisecond fall back to id order.
  std::vector<std::string> listed_ids = {listed[0].id, listed[1].id};
  std::vector<std::string> created_ids = {workspace.id, second.id};
  std::sort(listed_ids.begin(), listed_ids.end());
  std::sort(created_ids.begin(), created_ids.end());
  EXPECT_EQ(listed_ids, created_ids);
  EXPECT_TRUE(workspaces.listForUser(stranger.id).empty());
  EXPECT_TRUE(workspaces.listForUser("garbage").empty());

  const auto memberships = workspaces.membershipsOf(owner.id);
  ASSERT_EQ(memberships.size(), 2u);
  std::vector<std::string> membership_ids = {memberships[0].workspace_id,
                                             memberships[1].workspace_id};
  std::sort(membership_ids.begin(), membership_ids.end());
  EXPECT_EQ(membership_ids, created_ids);
  EXPECT_EQ(memberships[0].role, "owner");
  EXPECT_EQ(memberships[1].workspace_name, "Personal");
  EXPECT_TRUE(workspaces.membershipsOf(stranger.id).empty());
  EXPECT_TRUE(workspaces.membershipsOf("garbage").empty());
}

TEST_P(RepositoriesTest, SignupInOneTransactionLeavesNothingWhenItFails) {
  UserRepository users(*database_);
  WorkspaceRepository workspaces(*database_);
  EXPECT_THROW(database_->withTransaction([&](Session& session) {
    const UserRow user = users.create(
        session, {"half@example.com", std::nullopt, std::nullopt, std::nullopt, false});
    workspaces.createPersonalWorkspace(session, user);
    throw std::runtime_error("e-mail service down");
  }),
               std::runtime_error);
  EXPECT_EQ(users.findByEmail("half@example.com"), std::nullopt);
  Session session = database_->session();
  int rows = -1;
  session << "SELECT COUNT(*) FROM workspaces", into(rows), now;
  EXPECT_EQ(rows, 0);
}

TEST_P(RepositoriesTest, WorkspaceForAMissingOwnerIsAForeignKeyViolation) {
  WorkspaceRepository workspaces(*database_);
  UserRow ghost;
  ghost.id = newUuid();
  try {
    workspaces.createPersonalWorkspace(ghost);
    FAIL() << "a workspace was created for a user that does not exist";
  } catch (const StoreError& error) {
    EXPECT_EQ(error.kind(), StoreErrorKind::ForeignKeyViolation) << error.what();
  }
  Session session = database_->session();
  int rows = -1;
  session << "SELECT COUNT(*) FROM workspaces", into(rows), now;
  EXPECT_EQ(rows, 0);
}

TEST_P(RepositoriesTest, DeletingAUserCascadesToTheirWorkspaces) {
  UserRepository users(*database_);
  WorkspaceRepository workspaces(*database_);
  const UserRow owner =
      users.create({"gone@example.com", std::nullopt, std::nullopt, std::nullopt, false});
  const WorkspaceRow workspace = workspaces.createPersonalWorkspace(owner);
  {
    Session session = database_->session();
    std::string id = owner.id;
    session << database_->dialect().sql("DELETE FROM users WHERE id = ?"), use(id), now;
  }
  EXPECT_EQ(workspaces.membership(workspace.id, owner.id), std::nullopt);
  Session session = database_->session();
  int rows = -1;
  session << "SELECT COUNT(*) FROM workspaces", into(rows), now;
  EXPECT_EQ(rows, 0);
}

ORCHESTRA_INSTANTIATE_FOR_BOTH_DIALECTS(RepositoriesTest);

}  // namespace
}  // namespace orchestra::store
