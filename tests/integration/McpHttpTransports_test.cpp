// The MCP HTTP transports on the real binary and both databases, against server-everything from
// npm started by the test: Streamable HTTP's GET stream carries what the server sends unasked
// (its tools/list_changed fills the stored tool list with nobody asking); an answer cut before
// its response resumes with GET and Last-Event-ID (through a loopback proxy that cuts it once);
// the older HTTP+SSE transport, asked for (type "sse") or fallen back to (the server refuses the
// initialize POST), connects, lists and calls tools, a tool's error included; and an ai.agent
// node whose model (the AI stub) calls an MCP tool completes with the tool's result in its
// answer and the call in its output. Every process started here is ended by its PID.
#include <Poco/Data/Session.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "host/secrets/SecretCipher.hpp"
#include "tests/support/AiStubServer.hpp"
#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/CanaryCalls.hpp"
#include "tests/support/CuttingProxy.hpp"
#include "tests/support/ExecutionTestSupport.hpp"
#include "tests/support/McpHttpPeer.hpp"
#include "tests/support/WorkflowGraphs.hpp"

namespace orchestra::testing {
namespace {

using namespace std::chrono_literals;
using namespace Poco::Data::Keywords;
using store::DialectKind;

constexpr const char* kKeyVariable = "ORCHESTRA_TEST_MCP_HTTP_MASTER_KEY";
// The bearer token the servers are defined with, and the AI provider's key: never answered.
constexpr const char* kCanary = "mcp-http-canary-8c2f1e6a4b7d3905";

template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

std::string pluginLine(const std::string& file) {
  return std::string("    - file: \"") + ORCHESTRA_PLUGIN_BUILD_DIR + "/" + file +
         "\"\n      required: true\n";
}

std::string hostYaml(const AiStubServer& stub) {
  return "plugins:\n  http_allow_private_addresses: true\n  load:\n" +
         pluginLine("libcore_nodes.so") + pluginLine("libmcp_tools.so") +
         pluginLine("libmcp_http.so") + pluginLine("libai_anthropic.so") +
         pluginLine("libai_tools.so") +
         "runtime:\n  retry_delays_ms: [\"50\"]\n  retry_max: 1\n  poll_interval_ms: 100\n"
         "secrets:\n  master_key_env: " +
         kKeyVariable +
         "\nai:\n  providers:\n"
         "    - id: claude\n      extension: ai.anthropic\n      config:\n"
         "        base_url: \"" +
         stub.baseUrl() + "\"\n        api_key_secret: ANTHROPIC_API_KEY\n";
}

class McpHttpTransports : public ::testing::TestWithParam<DialectKind> {
 protected:
  static void SetUpTestSuite() {
    ASSERT_EQ(installNpmPeers(), 0) << "could not install the npm MCP servers";
  }

  void SetUp() override {
    marker_ = "ORCHESTRA_TEST_MARKER=mcp-http-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name();
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the test's one thread, before the host starts
    ::setenv(kKeyVariable, secrets::base64Encode(std::string(32, 'm')).c_str(), 1);
    stub_ = std::make_unique<AiStubServer>();
    host_ = std::make_unique<AuthHost>(GetParam(), hostYaml(*stub_));
    token_ = host_->accessToken("ada@example.com");
    rows_ = std::make_unique<ExecutionRows>(host_->database().settings());
  }

  void TearDown() override {
    if (HasFailure() && !host_->process().running()) {
      ADD_FAILURE() << "the host died; its last words:\n" << host_->process().output();
    }
    EXPECT_EQ(host_->process().output().find(kCanary), std::string::npos) << "the log";
    host_.reset();
    stub_.reset();
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the host is gone
    ::unsetenv(kKeyVariable);
  }

  HttpResult call(const std::string& method, const std::string& path,
                  const std::string& body = "") {
    return callWithoutCanary(*host_, kCanary, token_, method, path, body);
  }

  // Defines a server of `type` ("http", "sse") at `url` with a bearer token; returns its id.
  std::string defineServer(const std::string& name, const std::string& type,
                           const std::string& url) {
    const auto created =
        call("POST", "/api/v1/mcp/servers",
             R"({"name":")" + name + R"(","type":")" + type + R"(","url":")" + url +
                 R"(","headers":{"Authorization":"Bearer )" + kCanary + R"("}})");
    EXPECT_EQ(created.status, 201) << created.body;
    return created.status == 201 ? created.json()->getValue<std::string>("id") : "";
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

  // Runs start → `node_json` (id "n1") and returns the execution's id once it finished.
  std::string runNode(const std::string& node_json) {
    const auto saved = call(
        "POST", "/api/v1/workflows",
        R"({"name":"mcp over http",)" +
            graph({node("start", "core.trigger.manual", "{}"), node_json}, {edge("start", "n1")}) +
            "}");
    EXPECT_EQ(saved.status, 201) << saved.body;
    const auto started = call("POST", "/api/v1/executions",
                              R"({"workflow_id":")" + saved.json()->getValue<std::string>("id") +
                                  R"(","trigger_type":"manual","trigger_data":{}})");
    EXPECT_EQ(started.status, 202) << started.body;
    auto id = started.json()->getValue<std::string>("id");
    rows_->waitFinished(id, 60s);
    return id;
  }

  static std::string toolNode(const std::string& server, const std::string& tool,
                              const std::string& arguments) {
    return node(
        "n1", "mcp.tool",
        R"({"server":")" + server + R"(","tool":")" + tool + R"(","arguments":)" + arguments + "}");
  }

  // Connect, list (echo is there), call echo, and a tool's own error fails its node.
  void expectConnectListAndCall(const std::string& id, const std::string& text) {
    const auto connected = call("POST", "/api/v1/mcp/servers/" + id + "/connect");
    ASSERT_EQ(connected.status, 200) << connected.body;
    EXPECT_EQ(connected.json()->getValue<std::string>("status"), "connected");
    const auto tools = call("GET", "/api/v1/mcp/servers/" + id + "/tools?limit=100");
    ASSERT_EQ(tools.status, 200) << tools.body;
    EXPECT_NE(tools.body.find(R"("name":"echo")"), std::string::npos) << tools.body;

    const std::string echoed = runNode(toolNode(id, "echo", R"({"message":")" + text + R"("})"));
    ASSERT_EQ(rows_->execution(echoed).status, "completed") << rows_->execution(echoed).error;
    EXPECT_NE(rows_->nodes(echoed)["n1"].output.find("Echo: " + text), std::string::npos)
        << rows_->nodes(echoed)["n1"].output;

    const std::string refused = runNode(toolNode(id, "get-sum", R"({"a":"not a number","b":1})"));
    EXPECT_EQ(rows_->execution(refused).status, "failed");
    EXPECT_NE(rows_->nodes(refused)["n1"].error.find("MCP tool get-sum failed"), std::string::npos)
        << rows_->nodes(refused)["n1"].error;
  }

  std::string marker_;
  std::unique_ptr<AiStubServer> stub_;
  std::unique_ptr<AuthHost> host_;
  std::unique_ptr<ExecutionRows> rows_;
  std::string token_;
};

TEST_P(McpHttpTransports, TheGetStreamCarriesWhatTheServerSendsUnasked) {
  const HttpPeer peer("streamableHttp", marker_);
  ASSERT_TRUE(peer.ready()) << "server-everything streamableHttp did not start";
  const std::string id = defineServer("remote", "http", peer.url("/mcp"));
  ASSERT_EQ(call("POST", "/api/v1/mcp/servers/" + id + "/connect").status, 200);
  // server-everything announces tools/list_changed once initialised, on the GET stream (the
  // answers to our POSTs carry only what relates to them); nobody asks for the tools here, so
  // only that notification can fill the stored list.
  EXPECT_TRUE(
      eventually([&] { return storedTools().find(R"("echo")") != std::string::npos; }, 10000ms))
      << storedTools();
  ASSERT_EQ(call("POST", "/api/v1/mcp/servers/" + id + "/disconnect").status, 200);
}

TEST_P(McpHttpTransports, AnAnswerCutBeforeItsResponseResumesWithLastEventId) {
  const HttpPeer peer("streamableHttp", marker_);
  ASSERT_TRUE(peer.ready()) << "server-everything streamableHttp did not start";
  // The first tools/call answer is dropped right before the event holding its result.
  const CuttingProxy proxy(peer.port(), R"("tools/call")", R"("result")");
  const std::string id = defineServer("cut", "http", proxy.url("/mcp"));
  ASSERT_EQ(call("POST", "/api/v1/mcp/servers/" + id + "/connect").status, 200);
  const std::string execution = runNode(toolNode(id, "echo", R"({"message":"after the cut"})"));
  ASSERT_EQ(rows_->execution(execution).status, "completed") << rows_->execution(execution).error;
  EXPECT_NE(rows_->nodes(execution)["n1"].output.find("Echo: after the cut"), std::string::npos)
      << rows_->nodes(execution)["n1"].output;
  EXPECT_TRUE(proxy.cut()) << "the proxy never cut an answer: nothing was resumed";
  const auto requests = proxy.requests();
  EXPECT_TRUE(std::any_of(requests.begin(), requests.end(), [](const std::string& request) {
    return request.rfind("GET ", 0) == 0 && request.find("Last-Event-ID: ") != std::string::npos;
  })) << "no GET resumed a stream with Last-Event-ID";
}

TEST_P(McpHttpTransports, TheOlderHttpSseTransportWhenAskedForOrFallenBackTo) {
  const HttpPeer peer("sse", marker_);
  ASSERT_TRUE(peer.ready()) << "server-everything sse did not start";
  const std::string asked = defineServer("legacy", "sse", peer.url("/sse"));
  expectConnectListAndCall(asked, "over sse");
  // Defined as Streamable HTTP: the server answers the initialize POST with 404, so the
  // transport GETs the same URL as an HTTP+SSE stream instead.
  const std::string fallen = defineServer("fallback", "http", peer.url("/sse"));
  expectConnectListAndCall(fallen, "after falling back");
  // HTTP+SSE has no DELETE: only the host cancelling the transport's requests ends the silent
  // event stream, and it must not wait for the server to say something.
  for (const std::string& id : {asked, fallen}) {
    const auto started = std::chrono::steady_clock::now();
    ASSERT_EQ(call("POST", "/api/v1/mcp/servers/" + id + "/disconnect").status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  }
}

TEST_P(McpHttpTransports, AnAgentCallsAnMcpToolEndToEnd) {
  createSecretWithoutCanary(*host_, kCanary, token_, "ANTHROPIC_API_KEY", kCanary);
  const HttpPeer peer("streamableHttp", marker_);
  ASSERT_TRUE(peer.ready()) << "server-everything streamableHttp did not start";
  const std::string server = defineServer("everything", "http", peer.url("/mcp"));
  // The model (stub-agent) calls the first tool offered, then answers with its result.
  const std::string execution =
      runNode(node("n1", "ai.agent",
                   R"({"provider":"claude","model":"stub-agent","prompt":"Echo something",)"
                   R"("stream":false,"tools":[{"type":"mcp","server":")" +
                       server + R"(","tool":"echo"}]})"));
  ASSERT_EQ(rows_->execution(execution).status, "completed") << rows_->execution(execution).error;
  const auto output =
      storedPortValue(rows_->nodes(execution)["n1"]).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(output->getValue<std::string>("text"), "Agent done: Echo: look it up");
  const auto tool_calls = output->getArray("tool_calls");
  ASSERT_EQ(tool_calls->size(), 1U);
  EXPECT_EQ(tool_calls->getObject(0)->getValue<std::string>("name"), "echo");
  EXPECT_EQ(tool_calls->getObject(0)->getValue<std::string>("result"), "Echo: look it up");
  // The tool's result reached the model in its second turn.
  const auto requests = stub_->requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_NE(requests[1].body.find("Echo: look it up"), std::string::npos) << requests[1].body;
}

INSTANTIATE_TEST_SUITE_P(Dialects, McpHttpTransports,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
