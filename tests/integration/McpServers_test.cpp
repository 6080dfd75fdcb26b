// The MCP servers API on the real binary and both databases, against reference servers from npm
// that nobody here wrote (server-everything over stdio): define, connect, list tools (paged),
// status, disconnect, delete; another workspace's server is 404; commands the spawn rules do
// not allow are refused at create time; env values are sealed at rest and never answered; the
// tool list refreshes when the server says it changed; bad input writes nothing; definitions
// survive a restart; and no server process outlives the host, stopped or killed.
#include <Poco/Data/Session.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <thread>

#include "host/text/JsonWriter.hpp"
#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/ExecutionTestSupport.hpp"
#include "tests/support/McpHttpPeer.hpp"
#include "tests/support/NpmPeers.hpp"
#include "tests/support/ProcessTree.hpp"
#include "tests/support/WorkflowGraphs.hpp"

namespace orchestra::testing {
namespace {

using namespace std::chrono_literals;
using namespace Poco::Data::Keywords;
using store::DialectKind;

constexpr const char* kKeyVariable = "ORCHESTRA_TEST_MCP_MASTER_KEY";
// A value only the MCP server's environment may hold: never in an answer or the database.
constexpr const char* kCanary = "mcp-canary-5d1e8b7c3a9f4026";

std::string everythingEntry() {
  return npmPeerEntry("server-everything");
}

template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

std::string hostYaml() {
  return std::string("plugins:\n  load:\n    - file: \"") + ORCHESTRA_PLUGIN_BUILD_DIR +
         "/libcore_nodes.so\"\n      required: true\n    - file: \"" + ORCHESTRA_PLUGIN_BUILD_DIR +
         "/libmcp_stdio.so\"\n      required: true\n    - file: \"" + ORCHESTRA_PLUGIN_BUILD_DIR +
         "/libmcp_tools.so\"\n      required: true\n    - file: \"" + ORCHESTRA_PLUGIN_BUILD_DIR +
         "/libmcp_http.so\"\n      required: true\n"
         "  http_allow_private_addresses: true\n"
         "spawn:\n  enabled: true\n  allowed_commands: [\"node\"]\n"
         "  env_allow: [\"PATH\", \"HOME\"]\n"
         "runtime:\n  retry_delays_ms: [\"50\"]\n  retry_max: 1\n  poll_interval_ms: 100\n"
         "secrets:\n  master_key_env: " +
         std::string(kKeyVariable) + "\n";
}

class McpServers : public ::testing::TestWithParam<DialectKind> {
 protected:
  static void SetUpTestSuite() {
    ASSERT_EQ(installNpmPeers(), 0) << "could not install the npm MCP servers";
  }

  void SetUp() override {
    marker_ = "ORCHESTRA_TEST_MARKER=mcp-api-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name();
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the test's one thread, before the host starts
    ::setenv(kKeyVariable, "MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE=", 1);
    host_ = std::make_unique<AuthHost>(GetParam(), hostYaml());
    token_ = host_->accessToken("ada@example.com");
  }

  void TearDown() override {
    if (HasFailure() && !host_->process().running()) {
      ADD_FAILURE() << "the host died; its last words:\n" << host_->process().output();
    }
    host_.reset();
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the host is gone
    ::unsetenv(kKeyVariable);
    expectNoServerProcess();
  }

  void expectNoServerProcess() {
    EXPECT_TRUE(eventually([&] { return processesWithEnvironment(marker_).empty(); }, 5000ms))
        << "an MCP server process carrying " << marker_ << " is still running";
  }

  // Every answer passes here, so each test also checks that no answer holds the canary.
  HttpResult call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& token = "") {
    std::map<std::string, std::string> headers;
    headers["Authorization"] = "Bearer " + (token.empty() ? token_ : token);
    auto result = host_->client().request(method, path, body, headers);
    EXPECT_EQ(result.body.find(kCanary), std::string::npos) << method << " " << path;
    return result;
  }

  // server-everything over stdio, its environment carrying the marker and the canary.
  std::string everythingBody(const std::string& name = "everything") {
    const std::size_t equals = marker_.find('=');
    return R"({"name":")" + name + R"(","type":"stdio","command":"node","args":[")" +
           everythingEntry() + R"(","stdio"],"env":{")" + marker_.substr(0, equals) + R"(":")" +
           marker_.substr(equals + 1) + R"(","CANARY_TOKEN":")" + kCanary + R"("}})";
  }

  std::string createEverything() {
    const auto created = call("POST", "/api/v1/mcp/servers", everythingBody());
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json()->getValue<std::string>("id");
  }

  int serverCount() {
    const auto listed = call("GET", "/api/v1/mcp/servers");
    EXPECT_EQ(listed.status, 200) << listed.body;
    return listed.json()->getValue<int>("total");
  }

  // What the database holds of the server rows, as text.
  std::string storedRows() {
    store::Database database(host_->database().settings());
    Poco::Data::Session session = database.session();
    std::string rows;
    std::string row;
    const std::string sql =
        GetParam() == DialectKind::Postgres
            ? "SELECT m::text FROM mcp_servers m"
            : "SELECT name || type || COALESCE(command, '') || COALESCE(args, '') || "
              "COALESCE(env, '') || COALESCE(headers, '') FROM mcp_servers";
    Poco::Data::Statement select(session);
    select << sql, into(row), range(0, 1);
    while (!select.done()) {
      if (select.execute() == 0) break;
      rows += row;
    }
    return rows;
  }

  // POSTs a workflow (start → the nodes given, in a chain) and returns the create answer.
  HttpResult saveWorkflow(const std::vector<std::string>& nodes, const std::string& token = "") {
    std::vector<std::string> all{node("start", "core.trigger.manual", "{}")};
    all.insert(all.end(), nodes.begin(), nodes.end());
    std::vector<std::string> edges;
    std::string previous = "start";
    for (std::size_t i = 1; i < all.size(); ++i) {
      const std::string id = "n" + std::to_string(i);
      edges.push_back(edge(previous, id));
      previous = id;
    }
    return call("POST", "/api/v1/workflows", R"({"name":"calls MCP",)" + graph(all, edges) + "}",
                token);
  }

  // The node `n<index>` calling `tool` of `server` with `arguments` (JSON).
  static std::string toolNode(int index, const std::string& server, const std::string& tool,
                              const std::string& arguments) {
    return node(
        "n" + std::to_string(index), "mcp.tool",
        R"({"server":")" + server + R"(","tool":")" + tool + R"(","arguments":)" + arguments + "}");
  }

  std::string startExecution(const std::string& workflow_id, const std::string& trigger_data,
                             const std::string& token = "") {
    const auto started =
        call("POST", "/api/v1/executions",
             R"({"workflow_id":")" + workflow_id + R"(","trigger_type":"manual","trigger_data":)" +
                 trigger_data + "}",
             token);
    EXPECT_EQ(started.status, 202) << started.body;
    return started.json()->getValue<std::string>("id");
  }

  // The tool lists the database holds.
  std::string storedTools() {
    store::Database database(host_->database().settings());
    Poco::Data::Session session = database.session();
    std::string tools;
    session << (GetParam() == DialectKind::Postgres
                    ? "SELECT COALESCE(string_agg(tools::text, ''), '') FROM mcp_servers"
                    : "SELECT COALESCE(group_concat(tools, ''), '') FROM mcp_servers"),
        into(tools), now;
    return tools;
  }

  std::string marker_;
  std::unique_ptr<AuthHost> host_;
  std::string token_;
};

TEST_P(McpServers, DefineConnectListToolsAndDisconnect) {
  const auto created = call("POST", "/api/v1/mcp/servers", everythingBody());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto server = created.json();
  const auto id = server->getValue<std::string>("id");
  EXPECT_EQ(server->getValue<std::string>("type"), "stdio");
  EXPECT_EQ(server->getValue<std::string>("status"), "disconnected");
  const auto env_names = server->getArray("env_names");
  ASSERT_EQ(env_names->size(), 2U);
  EXPECT_FALSE(server->has("env"));
  EXPECT_TRUE(processesWithEnvironment(marker_).empty()) << "defining must not start it";

  const auto connected = call("POST", "/api/v1/mcp/servers/" + id + "/connect");
  ASSERT_EQ(connected.status, 200) << connected.body;
  EXPECT_EQ(connected.json()->getValue<std::string>("status"), "connected");
  EXPECT_FALSE(connected.json()->getValue<std::string>("protocol_version").empty());
  EXPECT_FALSE(connected.json()->isNull("last_seen_at"));
  EXPECT_FALSE(connected.json()->isNull("last_connected_at"));
  EXPECT_EQ(processesWithEnvironment(marker_).size(), 1U);

  const auto tools = call("GET", "/api/v1/mcp/servers/" + id + "/tools?limit=100");
  ASSERT_EQ(tools.status, 200) << tools.body;
  const auto all = tools.json();
  const int total = all->getValue<int>("total");
  EXPECT_GE(total, 10);
  bool echo_found = false;
  for (std::size_t i = 0; i < all->getArray("items")->size(); ++i) {
    const auto tool = all->getArray("items")->getObject(static_cast<unsigned>(i));
    if (tool->getValue<std::string>("name") != "echo") continue;
    echo_found = true;
    EXPECT_TRUE(tool->getObject("inputSchema")->getObject("properties")->has("message"));
  }
  EXPECT_TRUE(echo_found) << tools.body;
  const auto page = call("GET", "/api/v1/mcp/servers/" + id + "/tools?limit=3&offset=2");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json()->getArray("items")->size(), 3U);
  EXPECT_EQ(page.json()->getValue<int>("total"), total);
  EXPECT_EQ(page.json()->getArray("items")->getObject(0)->getValue<std::string>("name"),
            all->getArray("items")->getObject(2)->getValue<std::string>("name"));

  const auto disconnected = call("POST", "/api/v1/mcp/servers/" + id + "/disconnect");
  ASSERT_EQ(disconnected.status, 200) << disconnected.body;
  EXPECT_EQ(disconnected.json()->getValue<std::string>("status"), "disconnected");
  expectNoServerProcess();
  // Not connected: the last list it gave, without starting it again.
  const auto cached = call("GET", "/api/v1/mcp/servers/" + id + "/tools?limit=100");
  ASSERT_EQ(cached.status, 200) << cached.body;
  EXPECT_EQ(cached.json()->getValue<int>("total"), total);
  EXPECT_TRUE(processesWithEnvironment(marker_).empty());

  const auto listed = call("GET", "/api/v1/mcp/servers");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json()->getValue<int>("total"), 1);
  EXPECT_EQ(listed.json()->getArray("items")->getObject(0)->getValue<std::string>("id"), id);

  EXPECT_EQ(call("DELETE", "/api/v1/mcp/servers/" + id).status, 204);
  EXPECT_EQ(call("GET", "/api/v1/mcp/servers/" + id).status, 404);
  EXPECT_EQ(serverCount(), 0);
}

TEST_P(McpServers, ToolsRefreshWhenTheServerSaysTheyChanged) {
  const std::string id = createEverything();
  ASSERT_EQ(call("POST", "/api/v1/mcp/servers/" + id + "/connect").status, 200);
  // server-everything announces tools/list_changed once it is initialised; nobody asks for the
  // tools here, so only that notification can fill the stored list.
  ASSERT_TRUE(
      eventually([&] { return storedTools().find(R"("echo")") != std::string::npos; }, 10000ms));
  ASSERT_EQ(call("POST", "/api/v1/mcp/servers/" + id + "/disconnect").status, 200);
  EXPECT_TRUE(eventually(
      [&] {
        const auto cached = call("GET", "/api/v1/mcp/servers/" + id + "/tools");
        return cached.status == 200 && cached.json()->getValue<int>("total") > 0;
      },
      1000ms));
  EXPECT_TRUE(processesWithEnvironment(marker_).empty()) << "the cache must not start it";
}

TEST_P(McpServers, AnotherWorkspacesServerIsNotFound) {
  const std::string id = createEverything();
  const std::string bob = host_->accessToken("bob@example.com");
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", ""},
                                                        {"DELETE", ""},
                                                        {"POST", "/connect"},
                                                        {"POST", "/disconnect"},
                                                        {"GET", "/tools"}}) {
    std::string url = "/api/v1/mcp/servers/";
    url += id;
    url += path;
    EXPECT_EQ(call(method, url, "", bob).status, 404) << method << " " << path;
  }
  EXPECT_EQ(call("PUT", "/api/v1/mcp/servers/" + id, R"({"name":"mine"})", bob).status, 404);
  const auto bobs = call("GET", "/api/v1/mcp/servers", "", bob);
  ASSERT_EQ(bobs.status, 200);
  EXPECT_EQ(bobs.json()->getValue<int>("total"), 0);
  EXPECT_TRUE(processesWithEnvironment(marker_).empty()) << "bob's connect must not start it";
  const auto mine = call("GET", "/api/v1/mcp/servers/" + id);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json()->getValue<std::string>("name"), "everything");
}

TEST_P(McpServers, RefusedDefinitionsWriteNothing) {
  const auto not_allowed =
      call("POST", "/api/v1/mcp/servers",
           R"({"name":"shell","type":"stdio","command":"bash","args":["-c","id"]})");
  EXPECT_EQ(not_allowed.status, 422) << not_allowed.body;
  EXPECT_NE(not_allowed.body.find("spawn rules"), std::string::npos) << not_allowed.body;
  EXPECT_NE(not_allowed.body.find(R"("command")"), std::string::npos) << not_allowed.body;

  const std::vector<std::string> bad_bodies = {
      R"({"name":"x","type":"stdio"})",                               // no command
      R"({"name":"x","type":"http"})",                                // no url
      R"({"name":"x","type":"http","url":"ftp://example.com/mcp"})",  // not http(s)
      R"({"name":"x","type":"http","url":"http://example.com","command":"node"})",
      R"({"name":"x","type":"stdio","command":"node","headers":{"A":"b"}})",
      R"({"name":"x","type":"carrier-pigeon","command":"node"})",
      R"({"name":"x","type":"stdio","command":"node","args":"--inspect"})",  // wrong type
      R"({"name":"x","type":"stdio","command":"node","env":{"BAD NAME":"v"}})",
      R"({"name":"x","type":"stdio","command":"node","env":{"A":1}})",
      R"({"name":"","type":"stdio","command":"node"})",
      R"({"type":"stdio","command":"node"})",
      R"({"name":"x","type":"stdio","command":"node","surprise":true})",
  };
  for (const std::string& body : bad_bodies) {
    const auto refused = call("POST", "/api/v1/mcp/servers", body);
    EXPECT_EQ(refused.status, 422) << body << " → " << refused.body;
    EXPECT_TRUE(refused.json()->has("detail")) << refused.body;
  }
  const auto malformed = call("POST", "/api/v1/mcp/servers", R"({"name":"x",)");
  EXPECT_GE(malformed.status, 400) << malformed.body;
  EXPECT_LT(malformed.status, 500) << malformed.body;
  EXPECT_TRUE(malformed.json()->has("detail")) << malformed.body;
  EXPECT_EQ(serverCount(), 0);

  // A change to a refused definition leaves the stored one as it was.
  const std::string id = createEverything();
  const auto refused_change =
      call("PUT", "/api/v1/mcp/servers/" + id, R"({"command":"/bin/sh","env":{"X":"y"}})");
  EXPECT_EQ(refused_change.status, 422) << refused_change.body;
  const auto kept = call("GET", "/api/v1/mcp/servers/" + id);
  EXPECT_EQ(kept.json()->getValue<std::string>("command"), "node");
  EXPECT_EQ(kept.json()->getArray("env_names")->size(), 2U);

  EXPECT_EQ(call("GET", "/api/v1/mcp/servers/not-a-uuid").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/mcp/servers/00000000-0000-4000-8000-000000000000").status, 404);
  EXPECT_EQ(call("POST", "/api/v1/mcp/servers/00000000-0000-4000-8000-000000000000/connect").status,
            404);
  EXPECT_EQ(call("PUT", "/api/v1/mcp/servers/" + id, "{}").status, 422);
}

TEST_P(McpServers, EnvValuesAreSealedAtRestAndNeverAnswered) {
  const std::string id = createEverything();
  const auto renamed = call("PUT", "/api/v1/mcp/servers/" + id, R"({"name":"renamed"})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()->getArray("env_names")->size(), 2U) << "env kept when not given";
  ASSERT_EQ(call("POST", "/api/v1/mcp/servers/" + id + "/connect").status, 200);
  // The opened environment reached the server: the marker (an env value) is in its environment.
  EXPECT_EQ(processesWithEnvironment(marker_).size(), 1U);
  EXPECT_EQ(storedRows().find(kCanary), std::string::npos);
  EXPECT_NE(storedRows().find("CANARY_TOKEN"), std::string::npos) << "the names are readable";
  if (GetParam() == DialectKind::Sqlite) {
    host_->process().stop();
    expectNoServerProcess();
    const std::string file = host_->database().url().substr(std::string("sqlite:///").size());
    for (const std::string& path : {file, file + "-wal"}) {
      std::ifstream in(path, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      EXPECT_EQ(bytes.find(kCanary), std::string::npos) << path;
    }
  }
}

TEST_P(McpServers, DefinitionsSurviveARestartAndNoProcessOutlivesTheHost) {
  const std::string id = createEverything();
  ASSERT_EQ(call("POST", "/api/v1/mcp/servers/" + id + "/connect").status, 200);
  ASSERT_EQ(processesWithEnvironment(marker_).size(), 1U);
  const auto children_before = descendantsOf(host_->process().pid()).size();
  EXPECT_GE(children_before, 1U);
  host_->crash();  // SIGKILL: no shutdown code runs; the parent-death signal ends the server
  expectNoServerProcess();

  host_->restart();
  token_ = host_->accessToken("ada@example.com");
  const auto reloaded = call("GET", "/api/v1/mcp/servers/" + id);
  ASSERT_EQ(reloaded.status, 200) << reloaded.body;
  EXPECT_EQ(reloaded.json()->getValue<std::string>("status"), "disconnected");
  const auto again = call("POST", "/api/v1/mcp/servers/" + id + "/connect");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(processesWithEnvironment(marker_).size(), 1U);
  EXPECT_EQ(host_->process().stop(), 0);  // SIGTERM: the host ends its servers on the way out
  expectNoServerProcess();
}

TEST_P(McpServers, AWorkflowCallsAToolWithArgumentsFromExpressions) {
  const std::string server = createEverything();
  const auto saved =
      saveWorkflow({toolNode(1, server, "echo", R"({"message":"hello {{ trigger.data.name }}"})"),
                    toolNode(2, server, "get-sum", R"({"a":"{{ trigger.data.a }}","b":2})")});
  ASSERT_EQ(saved.status, 201) << saved.body;
  ExecutionRows rows(host_->database().settings());
  const std::string execution =
      startExecution(saved.json()->getValue<std::string>("id"), R"({"name":"Ada","a":40})");
  const auto finished = rows.waitFinished(execution, 30s);
  ASSERT_EQ(finished.status, "completed") << finished.error;
  auto nodes = rows.nodes(execution);
  EXPECT_NE(nodes["n1"].output.find("Echo: hello Ada"), std::string::npos) << nodes["n1"].output;
  EXPECT_NE(nodes["n2"].output.find("42"), std::string::npos) << nodes["n2"].output;
  // The call started the server on demand; the API shows it connected.
  const auto status = call("GET", "/api/v1/mcp/servers/" + server);
  EXPECT_EQ(status.json()->getValue<std::string>("status"), "connected");
}

TEST_P(McpServers, AToolErrorFailsTheNodeWithTheToolsText) {
  const std::string server = createEverything();
  // Which tools exist and what their arguments are is only known from a listing.
  const auto saved =
      saveWorkflow({toolNode(1, server, "get-sum", R"({"a":"{{ trigger.data.a }}","b":1})")});
  ASSERT_EQ(saved.status, 201) << saved.body;
  ExecutionRows rows(host_->database().settings());
  const std::string execution =
      startExecution(saved.json()->getValue<std::string>("id"), R"({"a":"not a number"})");
  const auto finished = rows.waitFinished(execution, 30s);
  ASSERT_EQ(finished.status, "failed");
  auto nodes = rows.nodes(execution);
  EXPECT_EQ(nodes["n1"].status, "failed");
  EXPECT_NE(nodes["n1"].error.find("MCP tool get-sum failed"), std::string::npos)
      << nodes["n1"].error;
  EXPECT_EQ(nodes["n1"].retry_count, 0) << "a tool's own error is permanent";
}

TEST_P(McpServers, SavingChecksArgumentsAgainstTheCachedInputSchema) {
  const std::string server = createEverything();
  // Before the server's tools are known nothing can be said about the arguments.
  const auto unknown = saveWorkflow({toolNode(1, server, "echo", R"({"message":5})")});
  ASSERT_EQ(unknown.status, 201) << unknown.body;
  EXPECT_EQ(unknown.body.find("mcp_tool_arguments"), std::string::npos) << unknown.body;

  ASSERT_EQ(call("GET", "/api/v1/mcp/servers/" + server + "/tools").status, 200);
  const auto wrong = saveWorkflow({toolNode(1, server, "echo", R"({"message":5})")});
  ASSERT_EQ(wrong.status, 201) << wrong.body;
  const auto warnings = wrong.json()->getArray("warnings");
  ASSERT_EQ(warnings->size(), 1U) << wrong.body;
  const auto loc = warnings->getObject(0)->getArray("loc");
  EXPECT_EQ(text::toJson(loc), R"(["body","nodes",1,"data","arguments","message"])");
  EXPECT_EQ(warnings->getObject(0)->getValue<std::string>("type"), "mcp_tool_arguments");
  // Expressions are judged at run time; right arguments raise nothing.
  for (const char* arguments : {R"({"message":"{{ trigger.data.m }}"})", R"({"message":"hi"})"}) {
    const auto fine = saveWorkflow({toolNode(1, server, "echo", arguments)});
    ASSERT_EQ(fine.status, 201) << fine.body;
    EXPECT_EQ(fine.json()->getArray("warnings")->size(), 0U) << arguments << " " << fine.body;
  }
  // A published workflow is never replaced by one whose arguments the tool refuses.
  const auto missing = saveWorkflow({toolNode(1, server, "echo", "{}")});
  ASSERT_EQ(missing.json()->getArray("warnings")->size(), 1U) << missing.body;
  EXPECT_EQ(
      call("PATCH", "/api/v1/workflows/" + missing.json()->getValue<std::string>("id") + "/status",
           R"({"status":"published"})")
          .status,
      422);
}

TEST_P(McpServers, AnotherWorkspacesServerCannotBeCalledFromAWorkflow) {
  const std::string server = createEverything();
  const std::string bob = host_->accessToken("bob@example.com");
  const auto saved = saveWorkflow({toolNode(1, server, "echo", R"({"message":"from bob"})")}, bob);
  ASSERT_EQ(saved.status, 201) << saved.body;
  ExecutionRows rows(host_->database().settings());
  const std::string execution =
      startExecution(saved.json()->getValue<std::string>("id"), "{}", bob);
  const auto finished = rows.waitFinished(execution, 30s);
  ASSERT_EQ(finished.status, "failed");
  auto nodes = rows.nodes(execution);
  EXPECT_NE(nodes["n1"].error.find("in this workspace"), std::string::npos) << nodes["n1"].error;
  EXPECT_TRUE(processesWithEnvironment(marker_).empty()) << "bob's run must not start it";
}

TEST_P(McpServers, CancellingTheExecutionEndsALongToolCall) {
  const std::string server = createEverything();
  const auto saved = saveWorkflow(
      {toolNode(1, server, "trigger-long-running-operation", R"({"duration":60,"steps":60})")});
  ASSERT_EQ(saved.status, 201) << saved.body;
  ExecutionRows rows(host_->database().settings());
  const auto execution = startExecution(saved.json()->getValue<std::string>("id"), "{}");
  ASSERT_TRUE(eventually([&] { return rows.nodes(execution)["n1"].status == "running"; }, 20s));
  std::this_thread::sleep_for(500ms);
  const auto started_cancel = std::chrono::steady_clock::now();
  ASSERT_EQ(call("POST", "/api/v1/executions/" + execution + "/cancel").status, 202);
  const auto finished = rows.waitFinished(execution, 20s);
  EXPECT_EQ(finished.status, "cancelled") << finished.error;
  EXPECT_LT(std::chrono::steady_clock::now() - started_cancel, 10s);
  // The server is shared by every caller: one cancelled call leaves it running and usable.
  EXPECT_EQ(processesWithEnvironment(marker_).size(), 1U);
  const auto echo = saveWorkflow({toolNode(1, server, "echo", R"({"message":"still here"})")});
  const auto next = startExecution(echo.json()->getValue<std::string>("id"), "{}");
  EXPECT_EQ(rows.waitFinished(next, 30s).status, "completed");
}

TEST_P(McpServers, AStreamableHttpServerIsListedAndCalledWithItsHeaders) {
  const HttpPeer peer("streamableHttp", marker_);
  ASSERT_TRUE(peer.ready()) << "server-everything streamableHttp did not start";
  const auto created = call("POST", "/api/v1/mcp/servers",
                            R"({"name":"remote","type":"http","url":")" + peer.url("/mcp") +
                                R"(","headers":{"Authorization":"Bearer )" + kCanary + R"("}})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json()->getValue<std::string>("id");
  EXPECT_EQ(created.json()->getArray("header_names")->getElement<std::string>(0), "Authorization");
  const auto connected = call("POST", "/api/v1/mcp/servers/" + id + "/connect");
  ASSERT_EQ(connected.status, 200) << connected.body;
  EXPECT_EQ(connected.json()->getValue<std::string>("status"), "connected");
  const auto tools = call("GET", "/api/v1/mcp/servers/" + id + "/tools?limit=100");
  ASSERT_EQ(tools.status, 200) << tools.body;
  EXPECT_NE(tools.body.find(R"("name":"echo")"), std::string::npos) << tools.body;

  const auto saved =
      saveWorkflow({toolNode(1, id, "echo", R"({"message":"over http {{ trigger.data.n }}"})")});
  ASSERT_EQ(saved.status, 201) << saved.body;
  ExecutionRows rows(host_->database().settings());
  const std::string execution =
      startExecution(saved.json()->getValue<std::string>("id"), R"({"n":7})");
  const auto finished = rows.waitFinished(execution, 30s);
  ASSERT_EQ(finished.status, "completed") << finished.error;
  EXPECT_NE(rows.nodes(execution)["n1"].output.find("Echo: over http 7"), std::string::npos)
      << rows.nodes(execution)["n1"].output;
  EXPECT_EQ(storedRows().find(kCanary), std::string::npos) << "headers are sealed at rest";

  const auto disconnected = call("POST", "/api/v1/mcp/servers/" + id + "/disconnect");
  ASSERT_EQ(disconnected.status, 200) << disconnected.body;
  EXPECT_EQ(disconnected.json()->getValue<std::string>("status"), "disconnected");
}

TEST_P(McpServers, AnUnreachableHttpServerIsAnErrorWithItsReason) {
  const auto created = call("POST", "/api/v1/mcp/servers",
                            R"({"name":"nobody","type":"http","url":"http://127.0.0.1:)" +
                                std::to_string(freeLoopbackPort()) + R"(/mcp"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json()->getValue<std::string>("id");
  const auto refused = call("POST", "/api/v1/mcp/servers/" + id + "/connect");
  EXPECT_EQ(refused.status, 502) << refused.body;
  const auto status = call("GET", "/api/v1/mcp/servers/" + id);
  EXPECT_EQ(status.json()->getValue<std::string>("status"), "error") << status.body;
  EXPECT_FALSE(status.json()->getValue<std::string>("error").empty()) << status.body;
}

INSTANTIATE_TEST_SUITE_P(Dialects, McpServers,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
