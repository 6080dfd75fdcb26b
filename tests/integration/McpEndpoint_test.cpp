// Orchestra as an MCP server on the real binary and both databases: workspace API keys (create,
// list, revoke, stored only hashed, refused once revoked, never beyond their workspace, never on
// other routes), and /api/v1/mcp over raw HTTP (initialize and version negotiation, sessions,
// tools/list of the published workflows with an input schema, tools/call with output, progress
// as Server-Sent Events, failures as error results, JSON-RPC errors) and through the official
// TypeScript SDK's client (tests/support/mcp-sdk-client.mjs).
#include <Poco/Data/Session.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "host/store/Database.hpp"
#include "host/text/JsonWriter.hpp"
#include "host/text/Sha256.hpp"
#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/NpmPeers.hpp"
#include "tests/support/WorkflowGraphs.hpp"

namespace orchestra::testing {
namespace {

using namespace Poco::Data::Keywords;
using Poco::JSON::Object;
using store::DialectKind;

constexpr const char* kAccept = "application/json, text/event-stream";
constexpr const char* kGreetingSchema =
    R"({"type":"object","required":["name"],"properties":{"name":{"type":"string"}}})";

std::string hostYaml() {
  return std::string("plugins:\n  load:\n    - file: \"") + ORCHESTRA_PLUGIN_BUILD_DIR +
         "/libcore_nodes.so\"\n      required: true\n"
         "runtime:\n  retry_delays_ms: [\"50\"]\n  retry_max: 1\n  poll_interval_ms: 100\n";
}

Object::Ptr parse(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Object::Ptr>();
}

struct Key {
  std::string id;
  std::string secret;
};

class McpEndpoint : public ::testing::TestWithParam<DialectKind> {
 protected:
  void SetUp() override {
    host_ = std::make_unique<AuthHost>(GetParam(), hostYaml());
    token_ = host_->accessToken("ada@example.com");
    workspace_ = personalWorkspace(token_);
  }

  void TearDown() override {
    if (HasFailure() && !host_->process().running()) {
      ADD_FAILURE() << "the host died; its last words:\n" << host_->process().output();
    }
    host_.reset();
  }

  HttpResult call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& bearer = "") {
    std::map<std::string, std::string> headers;
    headers["Authorization"] = "Bearer " + (bearer.empty() ? token_ : bearer);
    return host_->client().request(method, path, body, headers);
  }

  std::string personalWorkspace(const std::string& token) {
    return call("GET", "/api/v1/auth/me", "", token)
        .json()
        ->getArray("workspaces")
        ->getObject(0)
        ->getValue<std::string>("id");
  }

  Key createKey(const std::string& workspace_id, const std::string& name = "ci") {
    const auto created = call("POST", "/api/v1/workspaces/" + workspace_id + "/api-keys",
                              R"({"name":")" + name + R"("})");
    EXPECT_EQ(created.status, 201) << created.body;
    return {created.json()->getValue<std::string>("id"),
            created.json()->getValue<std::string>("secret")};
  }

  HttpResult keys(const std::string& workspace_id) {
    return call("GET", "/api/v1/workspaces/" + workspace_id + "/api-keys");
  }

  // A published workflow start → `nodes` (in a chain) with `settings`; its id.
  std::string publish(const std::string& name, const std::vector<std::string>& nodes,
                      const std::string& settings, const std::string& workspace_id = "",
                      const std::string& trigger = "") {
    std::vector<std::string> all{trigger.empty() ? node("start", "core.trigger.manual", "{}")
                                                 : trigger};
    all.insert(all.end(), nodes.begin(), nodes.end());
    std::vector<std::string> edges;
    for (std::size_t i = 1; i < all.size(); ++i) {
      const auto id_of = [&](std::size_t index) {
        return parse(all[index])->getValue<std::string>("id");
      };
      edges.push_back(edge(id_of(i - 1), id_of(i)));
    }
    const auto created =
        call("POST", "/api/v1/workflows",
             R"({"name":")" + name + R"(",)" + graph(all, edges) + R"(,"settings":)" + settings +
                 (workspace_id.empty() ? "" : R"(,"workspace_id":")" + workspace_id + "\"") + "}");
    EXPECT_EQ(created.status, 201) << created.body;
    auto id = created.json()->getValue<std::string>("id");
    const auto published =
        call("PATCH", "/api/v1/workflows/" + id + "/status", R"({"status":"published"})");
    EXPECT_EQ(published.status, 200) << published.body;
    return id;
  }

  std::string publishGreeting(const std::string& workspace_id = "",
                              const std::string& name = "Greet Someone") {
    return publish(
        name,
        {node("greet", "core.set", R"({"values":{"message":"Hello, {{ trigger.data.name }}!"}})")},
        std::string(R"({"input_schema":)") + kGreetingSchema + "}", workspace_id);
  }

  std::string publishFailing() {
    return publish(
        "Always Fails",
        {node("pick", "core.set", R"({"values":{"email":"{{ trigger.data.user.email }}"}})")},
        R"({"input_schema":{"type":"object"}})");
  }

  static std::string toolNameOf(const std::string& slug, const std::string& workflow_id) {
    return slug + "_" + workflow_id.substr(0, 8);
  }

  // One JSON-RPC message to /api/v1/mcp.
  HttpResult mcp(const std::string& body, const std::string& bearer,
                 const std::string& session = "",
                 const std::map<std::string, std::string>& extra = {}) {
    std::map<std::string, std::string> headers = extra;
    headers["Authorization"] = "Bearer " + bearer;
    headers["Content-Type"] = "application/json";
    if (!headers.contains("Accept")) headers["Accept"] = kAccept;
    if (!session.empty()) headers["Mcp-Session-Id"] = session;
    return host_->client().request("POST", "/api/v1/mcp", body, headers);
  }

  HttpResult request(const std::string& session, const std::string& bearer, int id,
                     const std::string& method, const std::string& params = "{}") {
    return mcp(R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":")" + method +
                   R"(","params":)" + params + "}",
               bearer, session);
  }

  // initialize + notifications/initialized; the session id.
  std::string initialize(const std::string& bearer, const std::string& version = "2025-11-25") {
    const auto answer =
        mcp(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")" +
                version + R"(","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})",
            bearer);
    EXPECT_EQ(answer.status, 200) << answer.body;
    std::string session = answer.header("Mcp-Session-Id");
    EXPECT_FALSE(session.empty());
    const auto initialized =
        mcp(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", bearer, session);
    EXPECT_EQ(initialized.status, 202) << initialized.body;
    return session;
  }

  std::vector<std::string> toolNames(const std::string& bearer) {
    const std::string session = initialize(bearer);
    const auto listed = request(session, bearer, 1, "tools/list");
    EXPECT_EQ(listed.status, 200) << listed.body;
    std::vector<std::string> names;
    const auto tools = listed.json()->getObject("result")->getArray("tools");
    for (std::size_t i = 0; i < tools->size(); ++i)
      names.push_back(tools->getObject(static_cast<unsigned>(i))->getValue<std::string>("name"));
    return names;
  }

  std::string storedKeyColumns() {
    store::Database database(host_->database().settings());
    Poco::Data::Session session = database.session();
    std::string rows;
    std::string row;
    Poco::Data::Statement select(session);
    select << "SELECT name || key_prefix || key_hash FROM api_keys", into(row), range(0, 1);
    while (!select.done()) {
      if (select.execute() == 0) break;
      rows += row + "\n";
    }
    return rows;
  }

  int activityCount(const std::string& action) {
    const auto listed =
        call("GET", "/api/v1/activity?workspace_id=" + workspace_ + "&action=" + action);
    EXPECT_EQ(listed.status, 200) << listed.body;
    return listed.json()->getValue<int>("total");
  }

  std::unique_ptr<AuthHost> host_;
  std::string token_;
  std::string workspace_;
};

TEST_P(McpEndpoint, ApiKeysAreCreatedListedAndRevokedAndStoredOnlyHashed) {
  const auto created =
      call("POST", "/api/v1/workspaces/" + workspace_ + "/api-keys", R"({"name":"deploy bot"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto key = created.json();
  const auto secret = key->getValue<std::string>("secret");
  EXPECT_EQ(secret.rfind("orc_", 0), 0u) << secret;
  EXPECT_GE(secret.size(), 40u);
  EXPECT_EQ(key->getValue<std::string>("prefix"), secret.substr(0, 12));
  EXPECT_EQ(key->getValue<std::string>("role"), "editor");
  EXPECT_EQ(key->getValue<std::string>("workspace_id"), workspace_);
  EXPECT_TRUE(key->isNull("revoked_at"));

  // The secret is answered once: the list and the database hold only its prefix and hash.
  const auto listed = keys(workspace_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json()->getValue<int>("total"), 1);
  EXPECT_EQ(listed.body.find(secret), std::string::npos) << listed.body;
  EXPECT_EQ(listed.body.find("secret"), std::string::npos) << listed.body;
  const std::string stored = storedKeyColumns();
  EXPECT_EQ(stored.find(secret), std::string::npos) << stored;
  EXPECT_NE(stored.find(text::sha256Hex(secret)), std::string::npos) << stored;

  const auto id = key->getValue<std::string>("id");
  const auto revoked = call("DELETE", "/api/v1/workspaces/" + workspace_ + "/api-keys/" + id);
  EXPECT_EQ(revoked.status, 204) << revoked.body;
  const auto after = keys(workspace_).json()->getArray("items")->getObject(0);
  EXPECT_FALSE(after->isNull("revoked_at"));
  const auto again = call("DELETE", "/api/v1/workspaces/" + workspace_ + "/api-keys/" + id);
  EXPECT_EQ(again.status, 404) << again.body;
  const auto unknown = call("DELETE", "/api/v1/workspaces/" + workspace_ + "/api-keys/" +
                                          "00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(unknown.status, 404) << unknown.body;

  // One activity row per change.
  EXPECT_EQ(activityCount("api_key.created"), 1);
  EXPECT_EQ(activityCount("api_key.revoked"), 1);
}

TEST_P(McpEndpoint, RefusedKeyRequestsWriteNothing) {
  const std::string path = "/api/v1/workspaces/" + workspace_ + "/api-keys";
  for (const char* body : {R"({"name":"x","key_hash":"0000"})",
                           R"({"name":"x","workspace_id":"00000000-0000-4000-8000-000000000000"})",
                           R"({"name":"x","created_by":"someone"})", R"({"name":""})", R"({})",
                           R"({"name":"x","expires_in_days":0})"}) {
    const auto refused = call("POST", path, body);
    EXPECT_EQ(refused.status, 422) << body << " → " << refused.body;
  }
  EXPECT_EQ(keys(workspace_).json()->getValue<int>("total"), 0);
  EXPECT_EQ(storedKeyColumns(), "");
  EXPECT_EQ(activityCount("api_key.created"), 0);
  // Another user's workspace does not exist for this caller.
  const std::string other = personalWorkspace(host_->accessToken("bob@example.com"));
  EXPECT_EQ(call("POST", "/api/v1/workspaces/" + other + "/api-keys", R"({"name":"x"})").status,
            404);
}

TEST_P(McpEndpoint, UnknownRevokedAndExpiredKeysAre401AndKeysReachOnlyTheMcpEndpoint) {
  const Key key = createKey(workspace_);
  initialize(key.secret);
  EXPECT_EQ(mcp(R"({"jsonrpc":"2.0","id":1,"method":"ping"})",
                "orc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .status,
            401);
  EXPECT_EQ(mcp(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", "not-a-token").status, 401);
  // A key is no access token: the rest of the API refuses it.
  EXPECT_EQ(call("GET", "/api/v1/workflows", "", key.secret).status, 401);
  EXPECT_EQ(call("GET", "/api/v1/workspaces/" + workspace_ + "/api-keys", "", key.secret).status,
            401);

  ASSERT_EQ(call("DELETE", "/api/v1/workspaces/" + workspace_ + "/api-keys/" + key.id).status, 204);
  const auto refused =
      mcp(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})", key.secret);
  EXPECT_EQ(refused.status, 401) << refused.body;
  EXPECT_EQ(refused.header("WWW-Authenticate"), "Bearer");

  // Past expires_at (set in the database: a day is the shortest lifetime the API gives).
  const Key expiring = createKey(workspace_, "short");
  {
    store::Database database(host_->database().settings());
    Poco::Data::Session session = database.session();
    std::string id = expiring.id;
    session << (GetParam() == DialectKind::Postgres
                    ? "UPDATE api_keys SET expires_at = NOW() - INTERVAL '1 minute' WHERE id = $1"
                    : "UPDATE api_keys SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?"),
        use(id), now;
  }
  EXPECT_EQ(
      mcp(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})", expiring.secret).status,
      401);
}

TEST_P(McpEndpoint, AKeyOfOneWorkspaceNeverSeesAnother) {
  const auto shared = call("POST", "/api/v1/workspaces", R"({"name":"Team B"})");
  ASSERT_EQ(shared.status, 201) << shared.body;
  const auto team = shared.json()->getValue<std::string>("id");
  const std::string mine = publishGreeting();
  const std::string theirs = publishGreeting(team, "Team Greeting");
  const std::string my_tool = toolNameOf("greet_someone", mine);
  const std::string team_tool = toolNameOf("team_greeting", theirs);

  // The user's token sees both workspaces' tools; the key of the personal one only its own.
  auto by_token = toolNames(token_);
  EXPECT_NE(std::find(by_token.begin(), by_token.end(), my_tool), by_token.end());
  EXPECT_NE(std::find(by_token.begin(), by_token.end(), team_tool), by_token.end());
  const Key key = createKey(workspace_);
  EXPECT_EQ(toolNames(key.secret), std::vector<std::string>{my_tool});

  const std::string session = initialize(key.secret);
  const auto refused = request(session, key.secret, 2, "tools/call",
                               R"({"name":")" + team_tool + R"(","arguments":{"name":"Eve"}})");
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_EQ(refused.json()->getObject("error")->getValue<int>("code"), -32602) << refused.body;
  // Another principal's session is unknown to the key, and the key's to the token.
  EXPECT_EQ(request(session, token_, 3, "ping").status, 404);
}

TEST_P(McpEndpoint, InitializeListCallAndErrorsOverRawHttp) {
  const std::string greeting = toolNameOf("greet_someone", publishGreeting());
  const std::string failing = toolNameOf("always_fails", publishFailing());
  // Not tools: a draft, and a published workflow without an input schema.
  ASSERT_EQ(call("POST", "/api/v1/workflows",
                 R"({"name":"Draft",)" + graph({node("start", "core.trigger.manual", "{}")}, {}) +
                     R"(,"settings":{"input_schema":{"type":"object"}}})")
                .status,
            201);
  publish("No Schema", {}, "{}");
  const Key key = createKey(workspace_);

  // Version negotiation: a version the server speaks is echoed, another gets the newest.
  for (const auto& [asked, agreed] :
       std::map<std::string, std::string>{{"2025-11-25", "2025-11-25"},
                                          {"2025-06-18", "2025-06-18"},
                                          {"2024-11-05", "2024-11-05"},
                                          {"1999-01-01", "2025-11-25"}}) {
    const auto answer =
        mcp(R"({"jsonrpc":"2.0","id":"init","method":"initialize","params":)"
            R"({"protocolVersion":")" +
                asked + R"(","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})",
            key.secret);
    ASSERT_EQ(answer.status, 200) << answer.body;
    const auto result = answer.json()->getObject("result");
    EXPECT_EQ(answer.json()->getValue<std::string>("id"), "init");
    EXPECT_EQ(result->getValue<std::string>("protocolVersion"), agreed) << asked;
    EXPECT_FALSE(result->getObject("capabilities")->getObject("tools").isNull());
    EXPECT_EQ(result->getObject("serverInfo")->getValue<std::string>("name"), "orchestra");
  }

  const std::string session = initialize(key.secret);
  const auto pong = request(session, key.secret, 1, "ping");
  EXPECT_EQ(pong.status, 200);
  EXPECT_EQ(pong.json()->getObject("result")->size(), 0u) << pong.body;

  const auto listed = request(session, key.secret, 2, "tools/list");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto tools = listed.json()->getObject("result")->getArray("tools");
  ASSERT_EQ(tools->size(), 2u) << listed.body;
  const auto first = tools->getObject(0);
  EXPECT_EQ(first->getValue<std::string>("name"), failing);
  const auto second = tools->getObject(1);
  EXPECT_EQ(second->getValue<std::string>("name"), greeting);
  EXPECT_EQ(second->getValue<std::string>("title"), "Greet Someone");
  EXPECT_EQ(text::toJson(second->get("inputSchema")), text::toJson(parse(kGreetingSchema)));

  const auto called = request(session, key.secret, 3, "tools/call",
                              R"({"name":")" + greeting + R"(","arguments":{"name":"Ada"}})");
  ASSERT_EQ(called.status, 200) << called.body;
  const auto result = called.json()->getObject("result");
  EXPECT_FALSE(result->getValue<bool>("isError")) << called.body;
  EXPECT_EQ(result->getObject("structuredContent")->getValue<std::string>("message"),
            "Hello, Ada!");
  EXPECT_NE(
      result->getArray("content")->getObject(0)->getValue<std::string>("text").find("Hello, Ada!"),
      std::string::npos);
  EXPECT_EQ(activityCount("execution.started"), 1);

  // Failures are results the model can read; protocol mistakes are JSON-RPC errors.
  const auto failed = request(session, key.secret, 4, "tools/call",
                              R"({"name":")" + failing + R"(","arguments":{}})");
  EXPECT_TRUE(failed.json()->getObject("result")->getValue<bool>("isError")) << failed.body;
  const auto bad_arguments = request(session, key.secret, 5, "tools/call",
                                     R"({"name":")" + greeting + R"(","arguments":{"name":7}})");
  EXPECT_TRUE(bad_arguments.json()->getObject("result")->getValue<bool>("isError"))
      << bad_arguments.body;
  const auto error_code = [](const HttpResult& answer) {
    return answer.json()->getObject("error")->getValue<int>("code");
  };
  EXPECT_EQ(error_code(request(session, key.secret, 6, "tools/call", R"({"name":"nope_1234"})")),
            -32602);
  EXPECT_EQ(error_code(request(session, key.secret, 7, "tools/call", R"({"arguments":{}})")),
            -32602);
  EXPECT_EQ(error_code(request(session, key.secret, 8, "resources/list")), -32601);
  const auto malformed = mcp(R"({"jsonrpc":"2.0","id":9,"method":)", key.secret, session);
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(error_code(malformed), -32700);
  const auto batch = mcp(R"([{"jsonrpc":"2.0","id":10,"method":"ping"}])", key.secret, session);
  EXPECT_EQ(batch.status, 400);
  EXPECT_EQ(error_code(batch), -32600);
  const auto not_a_request = mcp(R"({"jsonrpc":"2.0"})", key.secret, session);
  EXPECT_EQ(not_a_request.status, 400);
  EXPECT_EQ(error_code(not_a_request), -32600);
  EXPECT_EQ(mcp(R"({"jsonrpc":"2.0","id":11,"method":"ping"})", key.secret, "", {}).status, 400);
  EXPECT_EQ(mcp(R"({"jsonrpc":"2.0","id":12,"method":"ping"})", key.secret,
                "00000000000000000000000000000000")
                .status,
            404);
  EXPECT_EQ(mcp(R"({"jsonrpc":"2.0","id":13,"method":"ping"})", key.secret, session,
                {{"MCP-Protocol-Version", "1999-01-01"}})
                .status,
            400);
  EXPECT_EQ(mcp(R"({"jsonrpc":"2.0","id":14,"method":"ping"})", key.secret, session,
                {{"Accept", "text/html"}})
                .status,
            406);

  // No server-initiated stream; DELETE ends the session.
  std::map<std::string, std::string> headers{{"Authorization", "Bearer " + key.secret},
                                             {"Mcp-Session-Id", session}};
  EXPECT_EQ(host_->client().request("GET", "/api/v1/mcp", "", headers).status, 405);
  EXPECT_EQ(host_->client().request("DELETE", "/api/v1/mcp", "", headers).status, 204);
  EXPECT_EQ(request(session, key.secret, 15, "ping").status, 404);
  EXPECT_EQ(host_->client().request("DELETE", "/api/v1/mcp", "", headers).status, 404);
}

TEST_P(McpEndpoint, ACallWithAProgressTokenStreamsProgressThenTheResult) {
  const std::string greeting = toolNameOf(
      "greet_someone",
      publish(
          "Greet Someone",
          {node("greet", "core.set", R"({"values":{"message":"Hello, {{ trigger.data.name }}!"}})"),
           node("shout", "core.set",
                R"({"values":{"message":"{{ nodes.greet.output.message }}"}})")},
          std::string(R"({"input_schema":)") + kGreetingSchema + "}"));
  const std::string session = initialize(token_);
  const auto streamed =
      request(session, token_, 1, "tools/call",
              R"({"name":")" + greeting +
                  R"(","arguments":{"name":"Ada"},"_meta":{"progressToken":"p-1"}})");
  ASSERT_EQ(streamed.status, 200) << streamed.body;
  EXPECT_EQ(streamed.header("Content-Type").rfind("text/event-stream", 0), 0u);
  // Each event is "event: message\ndata: <JSON-RPC message>\n\n".
  std::vector<Object::Ptr> messages;
  std::size_t position = 0;
  while ((position = streamed.body.find("data: ", position)) != std::string::npos) {
    const auto end = streamed.body.find('\n', position);
    messages.push_back(parse(streamed.body.substr(position + 6, end - position - 6)));
    position = end;
  }
  ASSERT_GE(messages.size(), 2u) << streamed.body;
  double last_progress = 0;
  for (std::size_t i = 0; i + 1 < messages.size(); ++i) {
    EXPECT_EQ(messages[i]->getValue<std::string>("method"), "notifications/progress");
    const auto params = messages[i]->getObject("params");
    EXPECT_EQ(params->getValue<std::string>("progressToken"), "p-1");
    EXPECT_GT(params->getValue<double>("progress"), last_progress);
    last_progress = params->getValue<double>("progress");
  }
  EXPECT_GE(last_progress, 3);  // the trigger and both nodes
  const auto result = messages.back()->getObject("result");
  ASSERT_FALSE(result.isNull()) << streamed.body;
  EXPECT_EQ(result->getObject("structuredContent")->getValue<std::string>("message"),
            "Hello, Ada!");
}

TEST_P(McpEndpoint, AWebhookWorkflowGetsTheArgumentsAsItsBody) {
  const std::string id = publish(
      "Hooked", {node("echo", "core.set", R"({"values":{"got":"{{ trigger.data.body.name }}"}})")},
      std::string(R"({"input_schema":)") + kGreetingSchema + "}", "",
      node("hook", "core.trigger.webhook",
           R"({"path":"hooked","secret_header":"X-Secret","secret_value":"0123456789"})"));
  const std::string session = initialize(token_);
  const auto called =
      request(session, token_, 1, "tools/call",
              R"({"name":")" + toolNameOf("hooked", id) + R"(","arguments":{"name":"Grace"}})");
  ASSERT_EQ(called.status, 200) << called.body;
  const auto result = called.json()->getObject("result");
  EXPECT_FALSE(result->getValue<bool>("isError")) << called.body;
  EXPECT_EQ(result->getObject("structuredContent")->getValue<std::string>("got"), "Grace");
}

// Issue 8: a message is measured before a document is built (a message may be 4 MiB), and the
// answer keeps to JSON-RPC's shape.
TEST_P(McpEndpoint, AMessagePastTheJsonLimitsIsRefusedBeforeItIsParsed) {
  const std::string session = initialize(token_);
  const auto zeros = [](int count) {
    std::string message = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":[0)";
    for (int i = 0; i < count; ++i)
      message += ",0";
    return message + "]}}";
  };
  // Past the value limit; then within it, but packed so densely that even a compact document
  // would cost more than ten times the message (the rule for every body above 64 KiB).
  for (const auto& [count, says] : std::vector<std::pair<int, std::string>>{
           {100'000, "more than 100000 JSON values"}, {90'000, "at most 10 times the body"}}) {
    const auto refused = mcp(zeros(count), token_, session);
    EXPECT_EQ(refused.status, 413) << refused.body.substr(0, 300);
    EXPECT_EQ(refused.json()->getObject("error")->getValue<int>("code"), -32600) << refused.body;
    EXPECT_NE(refused.body.find(says), std::string::npos) << refused.body;
  }

  const std::string deep = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":)" +
                           std::string(64, '[') + std::string(64, ']') + "}}";
  const auto nested = mcp(deep, token_, session);
  EXPECT_EQ(nested.status, 400) << nested.body;
  EXPECT_EQ(nested.json()->getObject("error")->getValue<int>("code"), -32600) << nested.body;
  EXPECT_NE(nested.body.find("nested deeper than 64 levels"), std::string::npos) << nested.body;

  // Within the limits the same session still answers.
  const auto pong = request(session, token_, 2, "ping");
  EXPECT_EQ(pong.status, 200) << pong.body;
}

TEST_P(McpEndpoint, AnInputSchemaIsCheckedWhenTheWorkflowIsPublished) {
  for (const char* schema :
       {R"({"type":"string"})", R"({"type":"object","properties":{"a":{"type":"nonsense"}}})"}) {
    const auto created =
        call("POST", "/api/v1/workflows",
             R"({"name":"Bad Schema",)" + graph({node("start", "core.trigger.manual", "{}")}, {}) +
                 R"(,"settings":{"input_schema":)" + schema + "}}");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = created.json()->getValue<std::string>("id");
    const auto refused =
        call("PATCH", "/api/v1/workflows/" + id + "/status", R"({"status":"published"})");
    EXPECT_EQ(refused.status, 422) << schema << " → " << refused.body;
    EXPECT_NE(refused.body.find("input_schema"), std::string::npos) << refused.body;
  }
}

TEST_P(McpEndpoint, TheOfficialTypeScriptClientInitializesListsAndCalls) {
  ASSERT_EQ(installMcpSdk(), 0) << "could not install " << kMcpSdkPackage;
  const std::string greeting = toolNameOf("greet_someone", publishGreeting());
  const std::string failing = toolNameOf("always_fails", publishFailing());
  const Key key = createKey(workspace_);
  // ES modules find packages from the script's own folder: the script goes next to them.
  const std::filesystem::path script = std::filesystem::path(mcpSdkDir()) / "mcp-sdk-client.mjs";
  std::filesystem::copy_file(
      std::string(ORCHESTRA_SOURCE_DIR) + "/tests/support/mcp-sdk-client.mjs", script,
      std::filesystem::copy_options::overwrite_existing);
  const std::filesystem::path output = std::filesystem::temp_directory_path() /
                                       ("mcp-sdk-client-" + std::to_string(::getpid()) + ".log");
  const std::string url =
      "http://127.0.0.1:" + std::to_string(host_->process().port()) + "/api/v1/mcp";
  const std::string command = "timeout 60 node '" + script.string() + "' '" + url + "' '" +
                              key.secret + "' '" + greeting + "' '" + failing + "' > '" +
                              output.string() + "' 2>&1";
  const int status = std::system(command.c_str());  // NOLINT(concurrency-mt-unsafe)
  std::ifstream file(output);
  const std::string printed((std::istreambuf_iterator<char>(file)),
                            std::istreambuf_iterator<char>());
  std::filesystem::remove(output);
  EXPECT_EQ(status, 0) << printed;
  EXPECT_NE(printed.find("ALL CHECKS PASSED"), std::string::npos) << printed;
  EXPECT_EQ(printed.find("MISMATCH"), std::string::npos) << printed;
}

INSTANTIATE_TEST_SUITE_P(Dialects, McpEndpoint,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
