// A host on either database with secrets on and rate limits off, a team of signed-in users (one
// per role plus a member to act on and a stranger), and helpers to build shared workspaces with
// a workflow, an agent, an execution and a secret in them: what the collaboration tests act on.
#pragma once

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "host/secrets/SecretCipher.hpp"
#include "host/store/Database.hpp"
#include "host/store/SqlValues.hpp"
#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/WorkflowGraphs.hpp"

namespace orchestra::testing {

inline constexpr const char* kCollaborationKeyVariable = "ORCHESTRA_TEST_COLLAB_MASTER_KEY";

// The ids of one workspace's objects, as the tests address them.
struct WorkspaceFixture {
  std::string workspace_id;
  std::string workflow_id;
  std::string agent_id;
  std::string execution_id;
  std::string secret_name = "MATRIX_SECRET";
  std::string invitation_id;
  std::string mcp_server_id;
  std::string api_key_id;
};

class CollaborationTest : public ::testing::TestWithParam<store::DialectKind> {
 protected:
  // The roles of the plan, weakest first, and who holds each in a team workspace.
  static constexpr std::array<const char*, 4> kRoles = {"viewer", "editor", "administrator",
                                                        "owner"};

  void SetUp() override {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the test's one thread, before the host starts
    ::setenv(kCollaborationKeyVariable, secrets::base64Encode(std::string(32, '7')).c_str(), 1);
    host_ = std::make_unique<AuthHost>(
        GetParam(),
        std::string("plugins:\n  load:\n    - file: \"") + ORCHESTRA_PLUGIN_BUILD_DIR +
            "/libcore_nodes.so\"\n      required: true\n"
            "rate_limits:\n  enabled: false\nsecrets:\n  master_key_env: " +
            kCollaborationKeyVariable + "\n" + extraYaml(),
        authYaml());
    for (const char* role : kRoles)
      signIn(role);
    signIn("subject");
    signIn("stranger");
  }
  void TearDown() override {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the test's one thread
    ::unsetenv(kCollaborationKeyVariable);
  }

  // Lines of the auth section; the default caches sessions as production does.
  virtual std::string authYaml() const { return ""; }
  // More top-level sections of the host's configuration.
  virtual std::string extraYaml() const { return ""; }

  void signIn(const std::string& name) {
    tokens_[name] = host_->accessToken(name + "@example.com");
    user_ids_[name] = call("GET", "/api/v1/auth/me", "", name).json()->getValue<std::string>("id");
  }

  // `as`: a user's name ("owner", "stranger"...) or "" for no token at all.
  HttpResult call(const std::string& method, const std::string& path, const std::string& body,
                  const std::string& as) {
    std::map<std::string, std::string> headers;
    if (!as.empty()) headers["Authorization"] = "Bearer " + tokens_.at(as);
    headers["User-Agent"] = "collaboration-test/1";
    return host_->client().request(method, path, body, headers);
  }

  // One pool for the whole test: a connection per statement (PostgreSQL's authentication each
  // time) made the matrix, which rebuilds its team workspace after every change, slow.
  void sql(const std::string& statement) {
    if (!database_) database_ = std::make_unique<store::Database>(host_->database().settings());
    Poco::Data::Session session = database_->session();
    database_->execute(session, statement);
  }

  void addMember(const std::string& workspace_id, const std::string& name,
                 const std::string& role) {
    sql("INSERT INTO workspace_members (id, workspace_id, user_id, role) VALUES ('" +
        store::newUuid() + "', '" + workspace_id + "', '" + user_ids_.at(name) + "', '" + role +
        "')");
  }

  // A workspace created by `owner` through the API with the team as members (administrator,
  // editor, viewer by name, "subject" as editor) and one object of each kind in it.
  WorkspaceFixture teamWorkspace(const std::string& owner = "owner") {
    WorkspaceFixture fixture;
    const auto created = call("POST", "/api/v1/workspaces", R"({"name":"team"})", owner);
    EXPECT_EQ(created.status, 201) << created.body;
    fixture.workspace_id = created.json()->getValue<std::string>("id");
    if (owner == "owner") {
      addMember(fixture.workspace_id, "administrator", "administrator");
      addMember(fixture.workspace_id, "editor", "editor");
      addMember(fixture.workspace_id, "viewer", "viewer");
      addMember(fixture.workspace_id, "subject", "editor");
    }
    fillWorkspace(fixture, owner);
    return fixture;
  }

  void fillWorkspace(WorkspaceFixture& fixture, const std::string& owner) {
    const auto workflow =
        call("POST", "/api/v1/workflows",
             R"({"name":"shared","workspace_id":")" + fixture.workspace_id + R"(",)" +
                 graph({node("start", "core.trigger.manual", "{}"),
                        node("think", "core.set", R"({"values":{"said":"hello"}})")},
                       {edge("start", "think")}) +
                 "}",
             owner);
    EXPECT_EQ(workflow.status, 201) << workflow.body;
    fixture.workflow_id = workflow.json()->getValue<std::string>("id");
    const auto agent = call(
        "POST", "/api/v1/agents",
        R"({"workflow_id":")" + fixture.workflow_id + R"(","node_id":"think","name":"helper"})",
        owner);
    EXPECT_EQ(agent.status, 201) << agent.body;
    fixture.agent_id = agent.json()->getValue<std::string>("id");
    const auto execution = call("POST", "/api/v1/executions",
                                R"({"workflow_id":")" + fixture.workflow_id + "\"}", owner);
    EXPECT_EQ(execution.status, 202) << execution.body;
    fixture.execution_id = execution.json()->getValue<std::string>("id");
    const auto secret = call("POST", "/api/v1/secrets",
                             R"({"name":")" + fixture.secret_name +
                                 R"(","value":"s3cr3t",)"
                                 R"("workspace_id":")" +
                                 fixture.workspace_id + "\"}",
                             owner);
    EXPECT_EQ(secret.status, 201) << secret.body;
    // Defined only: nothing listens on the discard port, so connecting fails past authorization.
    const auto server = call("POST", "/api/v1/mcp/servers",
                             R"({"name":"matrix","type":"http","url":"http://127.0.0.1:9/mcp",)"
                             R"("workspace_id":")" +
                                 fixture.workspace_id + "\"}",
                             owner);
    EXPECT_EQ(server.status, 201) << server.body;
    fixture.mcp_server_id = server.json()->getValue<std::string>("id");
    const auto invitation = call("POST", "/api/v1/workspaces/" + fixture.workspace_id + "/invite",
                                 R"({"email":"invitee@example.com","role":"viewer"})", owner);
    EXPECT_EQ(invitation.status, 201) << invitation.body;
    fixture.invitation_id = invitation.json()->getValue<std::string>("id");
    const auto key = call("POST", "/api/v1/workspaces/" + fixture.workspace_id + "/api-keys",
                          R"({"name":"matrix"})", owner);
    EXPECT_EQ(key.status, 201) << key.body;
    fixture.api_key_id = key.json()->getValue<std::string>("id");
  }

  std::string userId(const std::string& name) const { return user_ids_.at(name); }

  std::unique_ptr<AuthHost> host_;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, std::string> user_ids_;
  std::unique_ptr<store::Database> database_;  // after host_: closed before its database goes
};

}  // namespace orchestra::testing
