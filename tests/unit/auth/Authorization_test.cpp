// The authorization rule every API area applies: a non-member (or a malformed id) gets 404,
// a member with a weaker role 403, and list queries are scoped to exactly the member's
// workspaces.
#include "host/auth/Authorization.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "host/errors/ApiError.hpp"

namespace orchestra::auth {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Property;
using ::testing::Throws;

constexpr const char* kOwned = "0b7c9a4e-1d2f-4a6b-8c3e-5f7a9b1c3d5e";
constexpr const char* kEdited = "1c8dab5f-2e3a-4b7c-9d4f-6a8bac2d4e6f";
constexpr const char* kViewed = "2d9ebc6a-3f4b-4c8d-ae5a-7b9cbd3e5f7a";
constexpr const char* kStranger = "3eafcd7b-4a5c-4d9e-bf6b-8cadce4f6a8b";

Caller caller() {
  return Caller("user-1", "ada@example.com", "session-1",
                {{kOwned, "owner"}, {kEdited, "editor"}, {kViewed, "viewer"}});
}

auto apiError(int status, const std::string& detail) {
  return Throws<errors::ApiError>(AllOf(Property(&errors::ApiError::status, status),
                                        Property(&errors::ApiError::detail, detail)));
}

TEST(Authorization, ParsesThePlansRolesOnly) {
  EXPECT_EQ(parseWorkspaceRole("viewer"), WorkspaceRole::Viewer);
  EXPECT_EQ(parseWorkspaceRole("editor"), WorkspaceRole::Editor);
  EXPECT_EQ(parseWorkspaceRole("administrator"), WorkspaceRole::Administrator);
  EXPECT_EQ(parseWorkspaceRole("admin"), WorkspaceRole::Administrator);
  EXPECT_EQ(parseWorkspaceRole("owner"), WorkspaceRole::Owner);
  EXPECT_EQ(parseWorkspaceRole("Owner"), std::nullopt);
  EXPECT_EQ(parseWorkspaceRole(""), std::nullopt);
  EXPECT_EQ(parseWorkspaceRole("superuser"), std::nullopt);
  EXPECT_LT(WorkspaceRole::Viewer, WorkspaceRole::Editor);
  EXPECT_LT(WorkspaceRole::Editor, WorkspaceRole::Administrator);
  EXPECT_LT(WorkspaceRole::Administrator, WorkspaceRole::Owner);
}

TEST(Authorization, AMemberWithEnoughRoleGetsTheirRole) {
  const Caller ada = caller();
  EXPECT_EQ(requireWorkspaceRole(ada, kOwned), WorkspaceRole::Owner);
  EXPECT_EQ(requireWorkspaceRole(ada, kOwned, WorkspaceRole::Owner), WorkspaceRole::Owner);
  EXPECT_EQ(requireWorkspaceRole(ada, kEdited, WorkspaceRole::Editor), WorkspaceRole::Editor);
  EXPECT_EQ(requireWorkspaceRole(ada, kViewed), WorkspaceRole::Viewer);
  // Ids from URLs are compared in canonical (lower-case) form.
  EXPECT_EQ(requireWorkspaceRole(ada, "0B7C9A4E-1D2F-4A6B-8C3E-5F7A9B1C3D5E"),
            WorkspaceRole::Owner);
}

TEST(Authorization, NonMembersAndMalformedIdsGetNotFound) {
  const Caller ada = caller();
  const auto not_found = apiError(404, "Workspace not found");
  EXPECT_THAT([&] { requireWorkspaceRole(ada, kStranger); }, not_found);
  EXPECT_THAT([&] { requireWorkspaceRole(ada, "not-a-uuid"); }, not_found);
  EXPECT_THAT([&] { requireWorkspaceRole(ada, ""); }, not_found);
  EXPECT_THAT([&] { requireWorkspaceRole(ada, std::string(kOwned) + "0"); }, not_found);
}

TEST(Authorization, AWeakerRoleGetsForbidden) {
  const Caller ada = caller();
  const auto forbidden = apiError(403, "Insufficient workspace role");
  EXPECT_THAT([&] { requireWorkspaceRole(ada, kViewed, WorkspaceRole::Editor); }, forbidden);
  EXPECT_THAT([&] { requireWorkspaceRole(ada, kEdited, WorkspaceRole::Administrator); }, forbidden);
  EXPECT_THAT([&] { requireWorkspaceRole(ada, kEdited, WorkspaceRole::Owner); }, forbidden);
}

TEST(Authorization, AnUnknownStoredRoleGrantsNothing) {
  const Caller odd("user-2", "bo@example.com", "session-2", {{kOwned, "superuser"}});
  EXPECT_THAT([&] { requireWorkspaceRole(odd, kOwned); }, apiError(404, "Workspace not found"));
}

TEST(Authorization, ReadableWorkspacesAreExactlyTheMemberships) {
  EXPECT_THAT(readableWorkspaceIds(caller()), ElementsAre(kOwned, kEdited, kViewed));
  EXPECT_TRUE(readableWorkspaceIds(Caller("user-3", "c@d.io", "session-3", {})).empty());
}

}  // namespace
}  // namespace orchestra::auth
