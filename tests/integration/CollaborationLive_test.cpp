// The collaboration channel of a shared workspace on the real binary and both databases: members
// watching /ws/collaboration see role changes, departures and workspace edits as they happen,
// and a member who is removed stops seeing the workspace live (their sockets close with 1008 at
// the next check) although their session is still good.
#include <chrono>
#include <memory>
#include <string>

#include "tests/integration/CollaborationHost.hpp"
#include "tests/support/WebSocketTestClient.hpp"

namespace orchestra::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto kMessageWait = 20s;

class CollaborationLive : public CollaborationTest {
 protected:
  // Memberships are re-checked often, so a removal shows within the test's patience.
  std::string extraYaml() const override { return "websocket:\n  auth_recheck_ms: 100\n"; }

  std::unique_ptr<WebSocketTestClient> watch(const std::string& path, const std::string& as) {
    return std::make_unique<WebSocketTestClient>(
        host_->process().port(), path,
        std::map<std::string, std::string>{{"Authorization", "Bearer " + tokens_.at(as)}});
  }
};

TEST_P(CollaborationLive, MembersSeeMemberChangesLiveAndARemovedMemberStopsSeeing) {
  const auto team = teamWorkspace();
  for (const char* name : {"viewer", "editor", "subject"})
    signIn(name);  // fresh sessions: they were added with SQL
  const std::string path = "/api/v1/ws/collaboration/" + team.workspace_id;
  const std::string members = "/api/v1/workspaces/" + team.workspace_id + "/members/";

  auto viewer = watch(path, "viewer");
  ASSERT_EQ(viewer->status(), 101) << viewer->body();
  EXPECT_EQ(viewer->nextJson(kMessageWait)->getValue<std::string>("type"), "snapshot");
  auto viewer_counts = watch("/api/v1/ws/analytics", "viewer");
  ASSERT_EQ(viewer_counts->status(), 101);
  // A stranger cannot watch.
  EXPECT_EQ(watch(path, "stranger")->status(), 404);

  const auto expectEvent = [&](const char* type, const std::string& user_id,
                               const std::string& role) {
    const auto message = viewer->nextJson(kMessageWait);
    ASSERT_EQ(message->getValue<std::string>("type"), type);
    EXPECT_EQ(message->getObject("data")->getValue<std::string>("user_id"), user_id);
    EXPECT_EQ(message->getObject("data")->getValue<std::string>("role"), role);
  };
  ASSERT_EQ(call("PATCH", members + userId("subject"), R"({"role":"viewer"})", "owner").status,
            200);
  expectEvent("member_role_changed", userId("subject"), "viewer");
  ASSERT_EQ(call("DELETE", members + userId("subject"), "", "subject").status, 204);
  expectEvent("member_left", userId("subject"), "viewer");
  ASSERT_EQ(
      call("PATCH", "/api/v1/workspaces/" + team.workspace_id, R"({"name":"renamed"})", "owner")
          .status,
      200);
  const auto renamed = viewer->nextJson(kMessageWait);
  EXPECT_EQ(renamed->getValue<std::string>("type"), "workspace_updated");
  EXPECT_EQ(renamed->getObject("data")->getValue<std::string>("name"), "renamed");

  // Removed: the session stays good, but nothing of the workspace reaches them any more.
  ASSERT_EQ(call("DELETE", members + userId("viewer"), "", "owner").status, 204);
  EXPECT_EQ(viewer->waitForClose(kMessageWait), std::optional<std::uint16_t>(1008));
  EXPECT_EQ(viewer_counts->waitForClose(kMessageWait), std::optional<std::uint16_t>(1008));
  EXPECT_EQ(call("GET", "/api/v1/auth/me", "", "viewer").status, 200);
  EXPECT_EQ(watch(path, "viewer")->status(), 404);
  // Those still in it keep watching.
  auto editor = watch(path, "editor");
  ASSERT_EQ(editor->status(), 101);
  EXPECT_EQ(editor->nextJson(kMessageWait)->getValue<std::string>("type"), "snapshot");
  EXPECT_FALSE(editor->waitForClose(500ms).has_value());
}

INSTANTIATE_TEST_SUITE_P(Dialects, CollaborationLive,
                         ::testing::Values(store::DialectKind::Sqlite,
                                           store::DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
