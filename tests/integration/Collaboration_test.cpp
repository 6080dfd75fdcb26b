// Shared workspaces on the real binary and both databases: last-owner rules, ownership transfer,
// role changes that take effect at once despite the session cache, deletion (refused while
// executions run, for a personal workspace and below owner), mass assignment refused, another
// workspace's ids answered 404, and exactly one activity row per change of every API area.
#include <Poco/JSON/Array.h>

#include "tests/integration/CollaborationHost.hpp"

namespace orchestra::testing {
namespace {

class Collaboration : public CollaborationTest {
 protected:
  // A team workspace whose members' sessions are fresh (they were added with SQL).
  WorkspaceFixture sharedWorkspace() {
    auto fixture = teamWorkspace();
    for (const char* name : {"administrator", "editor", "viewer", "subject"})
      signIn(name);
    return fixture;
  }

  std::string roleOf(const std::string& workspace_id, const std::string& name) {
    const auto members =
        call("GET", "/api/v1/workspaces/" + workspace_id + "/members", "", "owner");
    if (members.status != 200) return "status " + std::to_string(members.status);
    const auto items = members.json()->getArray("items");
    for (std::size_t i = 0; i < items->size(); ++i) {
      const auto member = items->getObject(static_cast<unsigned>(i));
      if (member->getValue<std::string>("user_id") == userId(name))
        return member->getValue<std::string>("role");
    }
    return "none";
  }

  std::int64_t activityCount(const std::string& workspace_id, const std::string& action,
                             const std::string& as = "owner") {
    const auto page =
        call("GET", "/api/v1/activity?workspace_id=" + workspace_id + "&action=" + action, "", as);
    EXPECT_EQ(page.status, 200) << page.body;
    return page.json()->getValue<std::int64_t>("total");
  }
};

TEST_P(Collaboration, LastOwnerStaysAndNobodyGrantsAboveTheirRole) {
  const auto team = sharedWorkspace();
  const std::string members = "/api/v1/workspaces/" + team.workspace_id + "/members/";
  // The only owner can neither leave nor be demoted, by themselves or anyone.
  EXPECT_EQ(call("DELETE", members + userId("owner"), "", "owner").status, 409);
  EXPECT_EQ(call("PATCH", members + userId("owner"), R"({"role":"editor"})", "owner").status, 409);
  EXPECT_EQ(
      call("PATCH", members + userId("owner"), R"({"role":"editor"})", "administrator").status,
      403);
  EXPECT_EQ(call("DELETE", members + userId("owner"), "", "administrator").status, 403);
  // An administrator grants up to administrator, never owner; an editor grants nothing.
  EXPECT_EQ(
      call("PATCH", members + userId("subject"), R"({"role":"owner"})", "administrator").status,
      403);
  EXPECT_EQ(call("PATCH", members + userId("subject"), R"({"role":"viewer"})", "editor").status,
            403);
  EXPECT_EQ(
      call("PATCH", members + userId("subject"), R"({"role":"administrator"})", "administrator")
          .status,
      200);
  EXPECT_EQ(roleOf(team.workspace_id, "subject"), "administrator");
  EXPECT_EQ(call("PATCH", members + userId("subject"), R"({"role":"superuser"})", "owner").status,
            422);
  // A member that does not exist, and a workspace that is not the caller's.
  EXPECT_EQ(call("PATCH", members + userId("stranger"), R"({"role":"viewer"})", "owner").status,
            404);
  EXPECT_EQ(
      call("GET", "/api/v1/workspaces/" + team.workspace_id + "/members", "", "stranger").status,
      404);
}

TEST_P(Collaboration, OwnershipTransferKeepsTheFormerOwnerAsAdministrator) {
  const auto team = sharedWorkspace();
  const std::string transfer = "/api/v1/workspaces/" + team.workspace_id + "/transfer-ownership";
  EXPECT_EQ(
      call("POST", transfer, R"({"new_owner_id":")" + userId("subject") + "\"}", "administrator")
          .status,
      403);
  EXPECT_EQ(
      call("POST", transfer, R"({"new_owner_id":")" + userId("stranger") + "\"}", "owner").status,
      404);
  EXPECT_EQ(
      call("POST", transfer, R"({"new_owner_id":")" + userId("subject") + "\"}", "owner").status,
      204);
  EXPECT_EQ(roleOf(team.workspace_id, "subject"), "owner");
  EXPECT_EQ(roleOf(team.workspace_id, "owner"), "administrator");
  const auto workspace = call("GET", "/api/v1/workspaces/" + team.workspace_id, "", "subject");
  EXPECT_EQ(workspace.json()->getValue<std::string>("owner_id"), userId("subject"));
  EXPECT_EQ(workspace.json()->getValue<std::string>("role"), "owner");
  // The former owner lost the owner's rights at once (their session is cached).
  EXPECT_EQ(call("DELETE", "/api/v1/workspaces/" + team.workspace_id, "", "owner").status, 403);
  // Now that another owner exists, the former one may leave.
  EXPECT_EQ(
      call("DELETE", "/api/v1/workspaces/" + team.workspace_id + "/members/" + userId("owner"), "",
           "owner")
          .status,
      204);
  EXPECT_EQ(call("GET", "/api/v1/workspaces/" + team.workspace_id, "", "owner").status, 404);
  EXPECT_EQ(activityCount(team.workspace_id, "workspace.ownership_transferred", "subject"), 1);
  EXPECT_EQ(activityCount(team.workspace_id, "member.left", "subject"), 1);
}

TEST_P(Collaboration, RoleChangesAndRemovalTakeEffectAtOnce) {
  const auto team = sharedWorkspace();
  const std::string create = R"({"name":"by viewer","workspace_id":")" + team.workspace_id + "\"}";
  EXPECT_EQ(call("POST", "/api/v1/workflows", create, "viewer").status, 403);
  ASSERT_EQ(
      call("PATCH", "/api/v1/workspaces/" + team.workspace_id + "/members/" + userId("viewer"),
           R"({"role":"editor"})", "owner")
          .status,
      200);
  EXPECT_EQ(call("POST", "/api/v1/workflows", create, "viewer").status, 201);
  ASSERT_EQ(
      call("DELETE", "/api/v1/workspaces/" + team.workspace_id + "/members/" + userId("viewer"), "",
           "owner")
          .status,
      204);
  EXPECT_EQ(call("GET", "/api/v1/workflows/" + team.workflow_id, "", "viewer").status, 404);
  EXPECT_EQ(activityCount(team.workspace_id, "member.role_changed"), 1);
  EXPECT_EQ(activityCount(team.workspace_id, "member.removed"), 1);
  // Leaving oneself is recorded as such.
  EXPECT_EQ(
      call("DELETE", "/api/v1/workspaces/" + team.workspace_id + "/members/" + userId("editor"), "",
           "editor")
          .status,
      204);
  EXPECT_EQ(activityCount(team.workspace_id, "member.left"), 1);
}

TEST_P(Collaboration, DeletingAWorkspace) {
  const auto team = sharedWorkspace();
  const std::string path = "/api/v1/workspaces/" + team.workspace_id;
  sql("UPDATE workflow_executions SET status = 'running' WHERE id = '" + team.execution_id + "'");
  EXPECT_EQ(call("DELETE", path, "", "administrator").status, 403);
  EXPECT_EQ(call("DELETE", path, "", "stranger").status, 404);
  const auto refused = call("DELETE", path, "", "owner");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(call("GET", "/api/v1/workflows/" + team.workflow_id, "", "owner").status, 200);
  // A personal workspace is never deleted.
  const auto personal = call("GET", "/api/v1/auth/me", "", "owner")
                            .json()
                            ->getArray("workspaces")
                            ->getObject(0)
                            ->getValue<std::string>("id");
  EXPECT_EQ(call("DELETE", "/api/v1/workspaces/" + personal, "", "owner").status, 409);

  sql("UPDATE workflow_executions SET status = 'completed' WHERE id = '" + team.execution_id + "'");
  ASSERT_EQ(call("DELETE", path, "", "owner").status, 204);
  EXPECT_EQ(call("GET", path, "", "owner").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/workflows/" + team.workflow_id, "", "owner").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/agents/" + team.agent_id, "", "owner").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/executions/" + team.execution_id, "", "owner").status, 404);
  // Every member lost it at once, and no row of it is left.
  EXPECT_EQ(call("GET", path, "", "editor").status, 404);
  store::Database database(host_->database().settings());
  Poco::Data::Session session = database.session();
  for (const char* table : {"workflows", "agents", "workflow_executions", "secrets",
                            "workspace_members", "mcp_servers", "files"}) {
    Poco::Int64 rows = -1;
    session << "SELECT COUNT(*) FROM " + std::string(table) + " WHERE workspace_id = '" +
                   team.workspace_id + "'",
        Poco::Data::Keywords::into(rows), Poco::Data::Keywords::now;
    EXPECT_EQ(rows, 0) << table;
  }
}

TEST_P(Collaboration, MassAssignmentIsRefusedAndChangesNothing) {
  const auto team = sharedWorkspace();
  const std::string path = "/api/v1/workspaces/" + team.workspace_id;
  for (const std::string& body :
       {R"({"owner_id":")" + userId("editor") + "\"}",
        R"({"name":"x","id":")" + store::newUuid() + "\"}",
        std::string(R"({"settings":{"personal":true}})"), std::string(R"({"role":"owner"})")}) {
    EXPECT_EQ(call("PATCH", path, body, "owner").status, 422) << body;
  }
  EXPECT_EQ(call("POST", "/api/v1/workspaces",
                 R"({"name":"x","owner_id":")" + userId("stranger") + "\"}", "owner")
                .status,
            422);
  EXPECT_EQ(call("PATCH", path + "/members/" + userId("editor"),
                 R"({"role":"viewer","user_id":")" + userId("owner") + "\"}", "owner")
                .status,
            422);
  EXPECT_EQ(call("PUT", "/api/v1/agents/" + team.agent_id,
                 R"({"name":"moved","workspace_id":")" + store::newUuid() + "\"}", "owner")
                .status,
            422);
  EXPECT_EQ(
      call("PUT", "/api/v1/secrets/" + team.secret_name + "?workspace_id=" + team.workspace_id,
           R"({"value":"v","workspace_id":")" + store::newUuid() + "\"}", "owner")
          .status,
      422);
  const auto workspace = call("GET", path, "", "owner").json();
  EXPECT_EQ(workspace->getValue<std::string>("owner_id"), userId("owner"));
  EXPECT_EQ(workspace->getValue<std::string>("name"), "team");
  EXPECT_FALSE(workspace->getObject("settings")->has("personal"));
  EXPECT_EQ(roleOf(team.workspace_id, "editor"), "editor");
  EXPECT_EQ(activityCount(team.workspace_id, "workspace.updated"), 0);

  // What may be set is stored and merged.
  const auto updated = call("PATCH", path,
                            R"({"description":"ours","settings":{"monthly_budget_usd":25,)"
                            R"("max_concurrent_executions":3}})",
                            "administrator");
  ASSERT_EQ(updated.status, 200) << updated.body;
  const auto settings = updated.json()->getObject("settings");
  EXPECT_EQ(settings->getValue<int>("max_concurrent_executions"), 3);
  EXPECT_EQ(settings->getValue<double>("monthly_budget_usd"), 25);
  EXPECT_EQ(updated.json()->getValue<std::string>("description"), "ours");
  EXPECT_EQ(activityCount(team.workspace_id, "workspace.updated"), 1);
}

TEST_P(Collaboration, EveryChangeLeavesExactlyOneActivityRow) {
  const auto team = sharedWorkspace();
  const std::string in_team = "?workspace_id=" + team.workspace_id;
  struct Change {
    std::string method, path, body, action;
  };
  const std::vector<Change> changes = {
      {"PUT", "/api/v1/workflows/" + team.workflow_id, R"({"name":"renamed"})", "workflow.updated"},
      {"PATCH", "/api/v1/workflows/" + team.workflow_id + "/status", R"({"status":"published"})",
       "workflow.status_changed"},
      {"POST", "/api/v1/workflows/" + team.workflow_id + "/duplicate", "", "workflow.duplicated"},
      {"POST", "/api/v1/workflows/" + team.workflow_id + "/versions/1/restore", "",
       "workflow.restored"},
      {"PUT", "/api/v1/agents/" + team.agent_id, R"({"name":"renamed"})", "agent.updated"},
      {"PUT", "/api/v1/secrets/" + team.secret_name + in_team, R"({"value":"new"})",
       "secret.updated"},
      {"POST", "/api/v1/secrets",
       R"({"name":"OTHER","value":"v","workspace_id":")" + team.workspace_id + "\"}",
       "secret.created"},
      {"DELETE", "/api/v1/secrets/OTHER" + in_team, "", "secret.deleted"},
      {"POST", "/api/v1/events", R"({"name":"ping","workspace_id":")" + team.workspace_id + "\"}",
       "event.posted"},
      {"POST", "/api/v1/executions", R"({"workflow_id":")" + team.workflow_id + "\"}",
       "execution.started"},
      {"DELETE", "/api/v1/agents/" + team.agent_id, "", "agent.deleted"},
      {"DELETE", "/api/v1/workflows/" + team.workflow_id, "", "workflow.deleted"},
  };
  // Created by fillWorkspace: one each.
  for (const char* action : {"workspace.created", "workflow.created", "agent.created",
                             "execution.started", "secret.created"})
    EXPECT_EQ(activityCount(team.workspace_id, action), 1) << action;
  for (const auto& change : changes) {
    const auto answer = call(change.method, change.path, change.body, "editor");
    ASSERT_LT(answer.status, 300) << change.method << " " << change.path << ": " << answer.body
                                  << host_->process().output();
  }
  for (const char* action : {"workflow.updated", "workflow.status_changed", "workflow.duplicated",
                             "workflow.restored", "agent.updated", "secret.updated",
                             "secret.deleted", "event.posted", "agent.deleted", "workflow.deleted"})
    EXPECT_EQ(activityCount(team.workspace_id, action), 1) << action;
  EXPECT_EQ(activityCount(team.workspace_id, "secret.created"), 2);
  EXPECT_EQ(activityCount(team.workspace_id, "execution.started"), 2);

  // What administrators change: MCP servers and AI budgets.
  const auto server =
      call("POST", "/api/v1/mcp/servers",
           R"({"name":"logged","type":"http","url":"http://127.0.0.1:9/mcp","workspace_id":")" +
               team.workspace_id + "\"}",
           "administrator");
  ASSERT_EQ(server.status, 201) << server.body;
  const std::string server_path =
      "/api/v1/mcp/servers/" + server.json()->getValue<std::string>("id");
  ASSERT_EQ(call("PUT", server_path, R"({"name":"renamed"})", "administrator").status, 200);
  ASSERT_EQ(call("DELETE", server_path, "", "administrator").status, 204);
  ASSERT_EQ(call("PUT", "/api/v1/usage/budgets",
                 R"({"workspace_monthly_usd":5,"workspace_id":")" + team.workspace_id + "\"}",
                 "administrator")
                .status,
            200);
  for (const char* action : {"mcp_server.updated", "mcp_server.deleted", "budgets.updated"})
    EXPECT_EQ(activityCount(team.workspace_id, action), 1) << action;
  EXPECT_EQ(activityCount(team.workspace_id, "mcp_server.created"), 2);  // fillWorkspace's too
  // A refused change leaves none.
  EXPECT_EQ(call("PUT", "/api/v1/agents/" + team.agent_id, R"({"name":"x"})", "viewer").status,
            404);
  EXPECT_EQ(call("POST", "/api/v1/workflows",
                 R"({"name":"no","workspace_id":")" + team.workspace_id + "\"}", "viewer")
                .status,
            403);
  EXPECT_EQ(activityCount(team.workspace_id, "workflow.created"), 1);

  // Who, from where, with what, and the filters.
  const auto page = call("GET",
                         "/api/v1/activity" + in_team + "&resource_id=" + team.workflow_id +
                             "&user_id=" + userId("editor") + "&limit=50",
                         "", "viewer");
  ASSERT_EQ(page.status, 200) << page.body;
  const auto items = page.json()->getArray("items");
  ASSERT_EQ(items->size(), 4U);  // updated, status changed, restored, deleted (a copy is its own)
  const auto newest = items->getObject(0);
  EXPECT_EQ(newest->getValue<std::string>("action"), "workflow.deleted");
  EXPECT_EQ(newest->getValue<std::string>("ip_address"), "127.0.0.1");
  EXPECT_EQ(newest->getValue<std::string>("user_agent"), "collaboration-test/1");
  EXPECT_EQ(newest->getValue<std::string>("resource_type"), "workflow");
  EXPECT_EQ(call("GET", "/api/v1/activity" + in_team + "&created_after=2999-01-01", "", "viewer")
                .json()
                ->getValue<int>("total"),
            0);
  EXPECT_EQ(
      call("GET", "/api/v1/activity" + in_team + "&created_after=yesterday", "", "viewer").status,
      422);
  EXPECT_EQ(call("GET", "/api/v1/activity" + in_team, "", "stranger").status, 404);
  // Without a workspace filter: the caller's own workspaces only.
  const auto strangers = call("GET", "/api/v1/activity?limit=100", "", "stranger").json();
  const auto strangers_items = strangers->getArray("items");
  for (std::size_t i = 0; i < strangers_items->size(); ++i) {
    EXPECT_NE(strangers_items->getObject(static_cast<unsigned>(i))
                  ->optValue<std::string>("workspace_id", ""),
              team.workspace_id);
  }
}

TEST_P(Collaboration, AProfileChangeIsAnActivityRowOfThatAccountOnly) {
  const auto team = sharedWorkspace();
  const auto profile_rows = [this](const std::string& as) {
    const auto page = call("GET", "/api/v1/activity?action=user.profile_updated", "", as);
    EXPECT_EQ(page.status, 200) << page.body;
    return page.json();
  };
  ASSERT_EQ(call("PATCH", "/api/v1/auth/me", R"({"full_name":"Ed Itor"})", "editor").status, 200);
  // Refused (a field the schema does not admit): nothing changed, nothing logged.
  ASSERT_EQ(call("PATCH", "/api/v1/auth/me", R"({"email":"x@example.com"})", "editor").status, 422);

  const auto own = profile_rows("editor");
  ASSERT_EQ(own->getValue<int>("total"), 1);
  const auto row = own->getArray("items")->getObject(0);
  EXPECT_EQ(row->getValue<std::string>("resource_id"), userId("editor"));
  EXPECT_TRUE(row->isNull("workspace_id"));
  EXPECT_EQ(row->getValue<std::string>("user_agent"), "collaboration-test/1");
  // The names of the changed fields, never the values (personal data).
  const auto details = row->get("details").toString();
  EXPECT_NE(details.find("full_name"), std::string::npos) << details;
  EXPECT_EQ(details.find("Ed Itor"), std::string::npos) << details;
  // Not a workspace's activity: another member, even the owner, does not see it.
  EXPECT_EQ(profile_rows("owner")->getValue<int>("total"), 0);
  EXPECT_EQ(activityCount(team.workspace_id, "user.profile_updated"), 0);
}

INSTANTIATE_TEST_SUITE_P(Dialects, Collaboration,
                         ::testing::Values(store::DialectKind::Sqlite,
                                           store::DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
