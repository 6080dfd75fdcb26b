// AI providers on the real binary and both databases, against local stubs of the Anthropic and
// OpenAI wire formats (tests/support/AiStubServer): an ai.chat node per provider, a 529 retried,
// a 400 failed at once, a stream cancelled mid-way with its text seen live over WebSocket,
// POST /tools/ai/chat over SSE, the ledger's tokens and cost, a budget refusing the next call,
// and the API key (a canary) never in the database file, the log or an answer.
#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

#include "host/secrets/SecretCipher.hpp"
#include "host/store/Database.hpp"
#include "host/store/SqlValues.hpp"
#include "tests/support/AiStubServer.hpp"
#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/CanaryCalls.hpp"
#include "tests/support/ExecutionTestSupport.hpp"
#include "tests/support/WebSocketTestClient.hpp"
#include "tests/support/WorkflowGraphs.hpp"

namespace orchestra::testing {
namespace {

using namespace std::chrono_literals;
using namespace Poco::Data::Keywords;
using store::DialectKind;

constexpr const char* kKeyVariable = "ORCHESTRA_TEST_AI_MASTER_KEY";
constexpr const char* kCanary = "sk-ant-canary-5d1e7b3a9c2f4e80";
constexpr double kTolerance = 1e-9;
// ai.prices of the test host for every stub model (USD per million tokens).
constexpr double kInputPrice = 1000;
constexpr double kOutputPrice = 2000;
constexpr double kCacheReadPrice = 100;
constexpr double kCacheCreationPrice = 1250;

std::string pluginLine(const std::string& file) {
  return std::string("    - file: \"") + ORCHESTRA_PLUGIN_BUILD_DIR + "/" + file +
         "\"\n      required: true\n";
}

std::string hostYaml(const AiStubServer& stub) {
  return "plugins:\n  http_allow_private_addresses: true\n  load:\n" +
         pluginLine("libcore_nodes.so") + pluginLine("libai_anthropic.so") +
         pluginLine("libai_openai.so") + pluginLine("libai_tools.so") +
         "runtime:\n  retry_delays_ms: [\"50\"]\n  retry_max: 2\n  poll_interval_ms: 100\n"
         "secrets:\n  master_key_env: " +
         kKeyVariable +
         "\n"
         "ai:\n  providers:\n"
         "    - id: claude\n      extension: ai.anthropic\n      config:\n"
         "        base_url: \"" +
         stub.baseUrl() +
         "\"\n        api_key_secret: ANTHROPIC_API_KEY\n        default_model: stub-ok\n"
         "    - id: openai\n      extension: ai.openai\n      config:\n"
         "        base_url: \"" +
         stub.baseUrl() +
         "/v1\"\n        api_key_secret: OPENAI_API_KEY\n        default_model: stub-ok\n"
         "  prices:\n    stub-: {input: 1000, output: 2000, cache_read: 100, cache_creation: "
         "1250}\n";
}

// What the stub's answers cost under the prices above.
double anthropicCallCost() {
  return (AiStubServer::kAnthropicInputTokens * kInputPrice +
          AiStubServer::kAnthropicCacheReadTokens * kCacheReadPrice +
          AiStubServer::kAnthropicCacheCreationTokens * kCacheCreationPrice +
          AiStubServer::kOutputTokens * kOutputPrice) /
         1e6;
}
double openAiCallCost() {
  return ((AiStubServer::kOpenAiPromptTokens - AiStubServer::kOpenAiCachedTokens) * kInputPrice +
          AiStubServer::kOpenAiCachedTokens * kCacheReadPrice +
          AiStubServer::kOutputTokens * kOutputPrice) /
         1e6;
}

std::string chatNode(const std::string& id, const std::string& provider, const std::string& model,
                     bool stream = true) {
  return node(id, "ai.chat",
              R"({"provider":")" + provider + R"(","model":")" + model +
                  R"(","system":"Be brief.","prompt":"Say hello","max_tokens":16,"stream":)" +
                  (stream ? "true" : "false") + "}");
}

class AiProviders : public ::testing::TestWithParam<DialectKind> {
 protected:
  void SetUp() override {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the test's one thread, before the host starts
    ::setenv(kKeyVariable, secrets::base64Encode(std::string(32, 'a')).c_str(), 1);
    stub_ = std::make_unique<AiStubServer>();
    host_ = std::make_unique<AuthHost>(GetParam(), hostYaml(*stub_));
    token_ = host_->accessToken("ada@example.com");
    rows_ = std::make_unique<ExecutionRows>(host_->database().settings());
    createSecret("ANTHROPIC_API_KEY", kCanary);
    createSecret("OPENAI_API_KEY", std::string(kCanary) + "-openai");
  }
  void TearDown() override {
    if (host_) {
      EXPECT_EQ(host_->process().output().find(kCanary), std::string::npos) << "the log";
    }
    host_.reset();
    stub_.reset();
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the test's one thread
    ::unsetenv(kKeyVariable);
  }

  // Every answer passes here, so each test also checks that none holds the key.
  HttpResult call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& token = "") {
    return callWithoutCanary(*host_, kCanary, token.empty() ? token_ : token, method, path, body);
  }

  void createSecret(const std::string& name, const std::string& value) {
    createSecretWithoutCanary(*host_, kCanary, token_, name, value);
  }

  std::string startWorkflow(const std::string& graph_json) {
    const auto created = call("POST", "/api/v1/workflows", R"({"name":"ai",)" + graph_json + "}");
    EXPECT_EQ(created.status, 201) << created.body;
    workflow_id_ = created.json()->getValue<std::string>("id");
    const auto started = call(
        "POST", "/api/v1/executions",
        R"({"workflow_id":")" + workflow_id_ + R"(","trigger_type":"manual","trigger_data":{}})");
    EXPECT_EQ(started.status, 202) << started.body;
    return started.json()->getValue<std::string>("id");
  }
  std::string runWorkflow(const std::string& graph_json) {
    std::string id = startWorkflow(graph_json);
    rows_->waitFinished(id, 30s);
    return id;
  }

  // The ledger rows of AI calls: provider, model and cost, oldest first.
  struct LedgerRow {
    std::string user_id, workflow_id, execution_id, dimensions;
    double cost = 0;
  };
  std::vector<LedgerRow> ledger() {
    store::Database database(host_->database().settings());
    Poco::Data::Session session = database.session();
    std::vector<LedgerRow> out;
    LedgerRow row;
    Poco::Nullable<std::string> workflow;
    Poco::Nullable<std::string> execution;
    Poco::Data::Statement select(session);
    const std::string dimensions =
        GetParam() == DialectKind::Postgres ? "dimensions::text" : "dimensions";
    select << "SELECT CAST(user_id AS TEXT), CAST(workflow_id AS TEXT), "
              "CAST(execution_id AS TEXT), " +
                  dimensions +
                  ", cost_usd FROM analytics_metrics WHERE metric_type = 'ai_call' "
                  "ORDER BY timestamp",
        into(row.user_id), into(workflow), into(execution), into(row.dimensions), into(row.cost),
        range(0, 1);
    while (!select.done()) {
      if (select.execute() == 0) break;
      row.workflow_id = workflow.isNull() ? "" : workflow.value();
      row.execution_id = execution.isNull() ? "" : execution.value();
      out.push_back(row);
    }
    return out;
  }

  static Poco::JSON::Object::Ptr dimensionsOf(const LedgerRow& row) {
    Poco::JSON::Parser parser;
    return parser.parse(row.dimensions).extract<Poco::JSON::Object::Ptr>();
  }

  std::unique_ptr<AiStubServer> stub_;
  std::unique_ptr<AuthHost> host_;
  std::unique_ptr<ExecutionRows> rows_;
  std::string token_;
  std::string workflow_id_;
};

TEST_P(AiProviders, AChatNodePerProviderAnswersAndEveryCallIsInTheLedger) {
  const std::string id = runWorkflow(
      graph({node("start", "core.trigger.manual", "{}"), chatNode("claude", "claude", "stub-ok"),
             chatNode("claude_json", "claude", "stub-tool", false),
             chatNode("openai", "openai", "stub-ok"),
             chatNode("openai_json", "openai", "stub-ok", false)},
            {edge("start", "claude"), edge("claude", "claude_json"), edge("claude_json", "openai"),
             edge("openai", "openai_json")}));
  ASSERT_EQ(rows_->execution(id).status, "completed") << rows_->execution(id).error;
  const auto nodes = rows_->nodes(id);
  for (const char* name : {"claude", "openai", "openai_json"}) {
    const auto output = storedPortValue(nodes.at(name)).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(output->getValue<std::string>("content"), AiStubServer::kText) << name;
    EXPECT_EQ(output->getValue<std::string>("finish_reason"), "stop") << name;
    EXPECT_EQ(output->getObject("usage")->getValue<int>("output_tokens"), 4) << name;
  }
  const auto claude = storedPortValue(nodes.at("claude")).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(claude->getObject("usage")->getValue<int>("input_tokens"), 15);  // 10 + 5 cache reads
  EXPECT_EQ(claude->getObject("usage")->getValue<int>("cache_creation_input_tokens"), 3);
  const auto tool = storedPortValue(nodes.at("claude_json")).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(tool->getValue<std::string>("finish_reason"), "tool_calls");
  const auto tool_call = tool->getObject("message")->getArray("tool_calls")->getObject(0);
  EXPECT_EQ(tool_call->getValue<std::string>("name"), "lookup");
  EXPECT_EQ(tool_call->getValue<std::string>("arguments"), R"({"city":"Oslo"})");

  // The wire: the key from the workspace's secrets, the API version, streaming asked for.
  const auto requests = stub_->requests();
  ASSERT_EQ(requests.size(), 4U);
  EXPECT_EQ(requests[0].path, "/v1/messages");
  EXPECT_EQ(requests[0].api_key, kCanary);
  EXPECT_EQ(requests[0].anthropic_version, "2023-06-01");
  EXPECT_NE(requests[0].body.find(R"("stream":true)"), std::string::npos) << requests[0].body;
  EXPECT_NE(requests[0].body.find(R"("system":"Be brief.")"), std::string::npos);
  EXPECT_EQ(requests[2].path, "/v1/chat/completions");
  EXPECT_EQ(requests[2].api_key, std::string(kCanary) + "-openai");
  EXPECT_NE(requests[2].body.find(R"("include_usage":true)"), std::string::npos);

  const auto rows = ledger();
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_NEAR(rows[0].cost, anthropicCallCost(), kTolerance);
  EXPECT_NEAR(rows[2].cost, openAiCallCost(), kTolerance);
  for (const auto& row : rows) {
    EXPECT_EQ(row.execution_id, id);
    EXPECT_EQ(row.workflow_id, workflow_id_);
    EXPECT_FALSE(row.user_id.empty());
    EXPECT_TRUE(dimensionsOf(row)->has("latency_ms")) << row.dimensions;
  }
  const auto claude_call = dimensionsOf(rows[0]);
  EXPECT_EQ(claude_call->getValue<std::string>("provider"), "claude");
  EXPECT_EQ(claude_call->getValue<std::string>("model"), "stub-ok");
  EXPECT_EQ(claude_call->getValue<std::string>("node_id"), "claude");
  EXPECT_EQ(claude_call->getValue<int>("input_tokens"), 15);
  EXPECT_EQ(claude_call->getValue<int>("cached_input_tokens"), 5);
  EXPECT_EQ(claude_call->getValue<int>("cache_creation_input_tokens"), 3);
  EXPECT_EQ(claude_call->getValue<int>("output_tokens"), 4);

  const auto usage = call("GET", "/api/v1/usage");
  ASSERT_EQ(usage.status, 200) << usage.body;
  EXPECT_NEAR(usage.json()->getValue<double>("spend_usd"),
              2 * anthropicCallCost() + 2 * openAiCallCost(), 1e-6);

  // The key reached the stub but neither the database nor the log.
  EXPECT_EQ(call("GET", "/api/v1/executions/" + id + "/nodes").status, 200);
  EXPECT_EQ(host_->process().output().find(kCanary), std::string::npos);
  if (GetParam() == DialectKind::Sqlite) {
    host_->process().stop();
    const std::string file = host_->database().url().substr(std::string("sqlite:///").size());
    for (const std::string& path : {file, file + "-wal"}) {
      std::ifstream in(path, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      EXPECT_EQ(bytes.find(kCanary), std::string::npos) << path;
    }
  }
}

TEST_P(AiProviders, OverloadIsRetriedRateLimitsSayWhenAndABadRequestFailsAtOnce) {
  const std::string retried =
      runWorkflow(graph({node("start", "core.trigger.manual", "{}"),
                         chatNode("ask", "claude", "stub-overloaded-once"),
                         chatNode("ask_openai", "openai", "stub-overloaded-once")},
                        {edge("start", "ask"), edge("ask", "ask_openai")}));
  ASSERT_EQ(rows_->execution(retried).status, "completed") << rows_->execution(retried).error;
  EXPECT_EQ(rows_->nodes(retried).at("ask").retry_count, 1);
  EXPECT_EQ(rows_->nodes(retried).at("ask_openai").retry_count, 1);

  const std::size_t before = stub_->requestCount();
  const std::string refused = runWorkflow(graph(
      {node("start", "core.trigger.manual", "{}"), chatNode("ask", "claude", "stub-bad-request")},
      {edge("start", "ask")}));
  EXPECT_EQ(rows_->execution(refused).status, "failed");
  EXPECT_EQ(stub_->requestCount(), before + 1);  // permanent: not retried
  EXPECT_EQ(rows_->nodes(refused).at("ask").retry_count, 0);
  EXPECT_NE(rows_->execution(refused).error.find("HTTP 400 invalid_request_error"),
            std::string::npos)
      << rows_->execution(refused).error;

  const std::string limited = runWorkflow(graph(
      {node("start", "core.trigger.manual", "{}"), chatNode("ask", "openai", "stub-rate-limited")},
      {edge("start", "ask")}));
  EXPECT_EQ(rows_->execution(limited).status, "failed");
  EXPECT_EQ(rows_->nodes(limited).at("ask").retry_count, 2);  // transient: retried to the bound
  EXPECT_NE(rows_->execution(limited).error.find("HTTP 429"), std::string::npos);
  EXPECT_NE(rows_->execution(limited).error.find("retry after 1 s"), std::string::npos)
      << rows_->execution(limited).error;

  const std::string unauthorized = runWorkflow(graph(
      {node("start", "core.trigger.manual", "{}"), chatNode("ask", "claude", "stub-unauthorized")},
      {edge("start", "ask")}));
  EXPECT_EQ(rows_->execution(unauthorized).status, "failed");
  EXPECT_EQ(rows_->nodes(unauthorized).at("ask").retry_count, 0);
}

TEST_P(AiProviders, CancellingStopsAStreamMidWayAndItsTextWasSeenLive) {
  const std::string id = startWorkflow(
      graph({node("start", "core.trigger.manual", "{}"), chatNode("ask", "claude", "stub-slow")},
            {edge("start", "ask")}));
  WebSocketTestClient socket(host_->process().port(), "/api/v1/ws/executions/" + id,
                             {{"Authorization", "Bearer " + token_}});
  int progress = 0;
  const auto until = std::chrono::steady_clock::now() + 20s;
  while (progress < 3 && std::chrono::steady_clock::now() < until) {
    const auto message = socket.nextJson(10s);
    if (message->optValue<std::string>("type", "") != "node_progress") continue;
    EXPECT_EQ(message->getValue<std::string>("node_id"), "ask");
    EXPECT_EQ(message->getObject("data")->getObject("data")->getValue<std::string>("text"), " tok");
    ++progress;
  }
  ASSERT_EQ(progress, 3);
  EXPECT_EQ(call("POST", "/api/v1/executions/" + id + "/cancel").status, 202);
  EXPECT_EQ(rows_->waitFinished(id, 20s).status, "cancelled");
  // The host hung up: the stub saw its client go within a few tokens, far from the end.
  const auto stopped = std::chrono::steady_clock::now() + 5s;
  while (!stub_->slowStreamAbandoned() && std::chrono::steady_clock::now() < stopped)
    std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(stub_->slowStreamAbandoned());
  EXPECT_LT(stub_->slowTokensSent(), AiStubServer::kSlowTokens / 2);
}

// Reads an HTTP response from `socket` until `marker` arrives (or the socket closes).
std::string readUntil(Poco::Net::StreamSocket& socket, const std::string& marker,
                      std::chrono::milliseconds timeout) {
  std::string received;
  std::array<char, 4096> buffer{};
  socket.setReceiveTimeout(Poco::Timespan(std::chrono::microseconds(timeout).count()));
  while (received.find(marker) == std::string::npos) {
    const int got = socket.receiveBytes(buffer.data(), static_cast<int>(buffer.size()));
    if (got <= 0) break;
    received.append(buffer.data(), static_cast<std::size_t>(got));
  }
  return received;
}

TEST_P(AiProviders, ToolsChatAnswersJsonOrStreamsServerSentEvents) {
  const auto answered = call("POST", "/api/v1/tools/ai/chat",
                             R"({"provider":"openai","prompt":"Say hello","model":"stub-ok"})");
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.json()->getValue<std::string>("content"), AiStubServer::kText);
  EXPECT_EQ(answered.json()->getObject("usage")->getValue<int>("input_tokens"), 12);
  EXPECT_EQ(answered.header("X-RateLimit-Limit"), "100");  // the plan's /tools/ai/* limit

  const auto streamed = call("POST", "/api/v1/tools/ai/chat",
                             R"({"provider":"claude","prompt":"Say hello","stream":true})");
  ASSERT_EQ(streamed.status, 200) << streamed.body;
  EXPECT_EQ(streamed.header("Content-Type"), "text/event-stream");
  EXPECT_NE(streamed.body.find("event: chunk\ndata: {\"text\":\"Hello\",\"type\":\"text\"}\n\n"),
            std::string::npos)
      << streamed.body;
  EXPECT_NE(streamed.body.find("event: done\ndata: {"), std::string::npos) << streamed.body;

  const auto cut = call("POST", "/api/v1/tools/ai/chat",
                        R"({"provider":"claude","prompt":"Hi","model":"stub-cut","stream":true})");
  EXPECT_NE(cut.body.find("event: error"), std::string::npos) << cut.body;
  EXPECT_NE(cut.body.find(R"("error_class":"transient")"), std::string::npos) << cut.body;
  EXPECT_NE(cut.body.find("message_stop"), std::string::npos) << cut.body;

  const auto unknown = call("POST", "/api/v1/tools/ai/chat", R"({"provider":"nope","prompt":"x"})");
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(call("POST", "/api/v1/tools/ai/chat", R"({"provider":"claude"})").status, 422);
  const auto refused = call("POST", "/api/v1/tools/ai/chat",
                            R"({"provider":"claude","prompt":"x","model":"stub-bad-request"})");
  EXPECT_EQ(refused.status, 502) << refused.body;

  // Events arrive while the model streams, and a client that leaves stops the call upstream.
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", host_->process().port()));
  const std::string body =
      R"({"provider":"claude","prompt":"x","model":"stub-slow","stream":true})";
  const std::string request =
      "POST /api/v1/tools/ai/chat HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Bearer " +
      token_ +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body;
  socket.sendBytes(request.data(), static_cast<int>(request.size()));
  const auto started = std::chrono::steady_clock::now();
  const std::string first = readUntil(socket, "event: chunk", 10s);
  EXPECT_NE(first.find("event: chunk"), std::string::npos) << first;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);  // long before the 10 s stream ends
  socket.close();
  const auto stopped = std::chrono::steady_clock::now() + 5s;
  while (!stub_->slowStreamAbandoned() && std::chrono::steady_clock::now() < stopped)
    std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(stub_->slowStreamAbandoned());
  EXPECT_LT(stub_->slowTokensSent(), AiStubServer::kSlowTokens / 2);
}

TEST_P(AiProviders, ABudgetRefusesTheNextCallBeforeItIsMade) {
  const auto first = call("POST", "/api/v1/tools/ai/chat",
                          R"({"provider":"claude","prompt":"Say hello","max_tokens":16})");
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(ledger().size(), 1U);

  const auto set = call("PUT", "/api/v1/usage/budgets", R"({"workspace_monthly_usd":0.03})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_NEAR(set.json()->getObject("budgets")->getValue<double>("workspace_monthly_usd"), 0.03,
              kTolerance);
  EXPECT_NEAR(set.json()->getValue<double>("remaining_usd"), 0.03 - anthropicCallCost(), 1e-6);
  const auto by_model = set.json()->getArray("by_model")->getObject(0);
  EXPECT_EQ(by_model->getValue<std::string>("model"), "stub-ok");
  EXPECT_EQ(by_model->getValue<int>("cache_creation_input_tokens"), 3);

  const std::size_t before = stub_->requestCount();
  const auto refused = call("POST", "/api/v1/tools/ai/chat",
                            R"({"provider":"claude","prompt":"Say hello","max_tokens":16})");
  EXPECT_EQ(refused.status, 402) << refused.body;
  EXPECT_NE(refused.body.find("budget_exceeded"), std::string::npos) << refused.body;
  const std::string id = runWorkflow(
      graph({node("start", "core.trigger.manual", "{}"), chatNode("ask", "claude", "stub-ok")},
            {edge("start", "ask")}));
  EXPECT_EQ(rows_->execution(id).status, "failed");
  EXPECT_NE(rows_->execution(id).error.find("budget_exceeded"), std::string::npos)
      << rows_->execution(id).error;
  EXPECT_EQ(rows_->nodes(id).at("ask").retry_count, 0);  // permanent
  EXPECT_EQ(stub_->requestCount(), before);              // refused before it was made
  EXPECT_EQ(ledger().size(), 1U);

  // Bad amounts and unknown scopes are 422s; null brings the default (none) back.
  EXPECT_EQ(call("PUT", "/api/v1/usage/budgets", R"({"execution_usd":-1})").status, 422);
  EXPECT_EQ(call("PUT", "/api/v1/usage/budgets", R"({"per_day":1})").status, 422);
  const auto back = call("PUT", "/api/v1/usage/budgets", R"({"workspace_monthly_usd":null})");
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_TRUE(back.json()->getObject("budgets")->isNull("workspace_monthly_usd"));
  EXPECT_EQ(call("POST", "/api/v1/tools/ai/chat", R"({"provider":"claude","prompt":"x"})").status,
            200);
}

TEST_P(AiProviders, AnAgentNodeHandsATaskToItsSubAgentAndAnswersWithItsResult) {
  // Against each wire format: the agent's model calls its only tool (the sub-agent), the
  // sub-agent answers, and the agent answers with what it said.
  for (const std::string provider : {"claude", "openai"}) {
    const std::string id = runWorkflow(
        graph({node("start", "core.trigger.manual", "{}"),
               node("agent", "ai.agent",
                    R"({"provider":")" + provider +
                        R"(","model":"stub-agent","system_prompt":"Delegate.","prompt":"Find it",)"
                        R"("stream":false,"tools":[{"type":"agent","name":"helper",)"
                        R"("description":"Looks things up","agent":{"model":"stub-ok"}}]})")},
              {edge("start", "agent")}));
    ASSERT_EQ(rows_->execution(id).status, "completed")
        << provider << ": " << rows_->execution(id).error;
    const auto output =
        storedPortValue(rows_->nodes(id)["agent"]).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(output->getValue<std::string>("text"),
              std::string("Agent done: ") + AiStubServer::kText)
        << provider;
    const auto tool_calls = output->getArray("tool_calls");
    ASSERT_EQ(tool_calls->size(), 1U) << provider;
    EXPECT_EQ(tool_calls->getObject(0)->getValue<std::string>("name"), "helper");
    EXPECT_EQ(tool_calls->getObject(0)->getValue<std::string>("result"), AiStubServer::kText);
    EXPECT_EQ(output->getObject("usage")->getValue<int>("model_calls"), 3) << provider;
  }
  // Every model call of both agents is in the ledger, charged to the execution.
  const auto rows = ledger();
  ASSERT_EQ(rows.size(), 6U);
  for (const auto& row : rows)
    EXPECT_FALSE(row.execution_id.empty());
}

// An ai.agent whose one tool is the node type core.set, with keep_input fixed.
std::string nodeToolAgent(const std::string& provider, const std::string& model,
                          const std::string& node_type = "core.set") {
  return node("agent", "ai.agent",
              R"({"provider":")" + provider + R"(","model":")" + model +
                  R"(","prompt":"Remember it","stream":false,"tools":[{"type":"node",)"
                  R"("node_type":")" +
                  node_type + R"(","name":"remember","config":{"keep_input":true}}]})");
}

TEST_P(AiProviders, AnAgentRunsANodeTypeAsAToolAndTheModelReadsItsResult) {
  for (const std::string provider : {"claude", "openai"}) {
    const std::size_t before = stub_->requestCount();
    const std::string id = runWorkflow(graph(
        {node("start", "core.trigger.manual", "{}"), nodeToolAgent(provider, "stub-agent-set")},
        {edge("start", "agent")}));
    ASSERT_EQ(rows_->execution(id).status, "completed")
        << provider << ": " << rows_->execution(id).error;
    // The model called the tool with {"values":{"found":"Orchestra"}}; core.set ran with that
    // config under the fixed keep_input, and the stub read its main port in the next request.
    const auto requests = stub_->requests();
    ASSERT_EQ(requests.size(), before + 2) << provider;
    EXPECT_NE(requests.back().body.find(R"(\"found\":\"Orchestra\",\"values\")"), std::string::npos)
        << requests.back().body;
    const auto output =
        storedPortValue(rows_->nodes(id)["agent"]).extract<Poco::JSON::Object::Ptr>();
    const std::string result = R"({"found":"Orchestra","values":{"found":"Orchestra"}})";
    EXPECT_EQ(output->getValue<std::string>("text"), "Agent done: " + result) << provider;
    const auto tool_calls = output->getArray("tool_calls");
    ASSERT_EQ(tool_calls->size(), 1U) << provider;
    EXPECT_EQ(tool_calls->getObject(0)->getValue<std::string>("name"), "remember");
    EXPECT_EQ(tool_calls->getObject(0)->getValue<std::string>("result"), result);
    EXPECT_FALSE(tool_calls->getObject(0)->getValue<bool>("is_error"));
  }
}

TEST_P(AiProviders, ANodeToolCalledWithBadArgumentsTellsTheModelAndTheRunFinishes) {
  // stub-agent calls with {"task","text","message"}: core.set's schema refuses them.
  const std::string id = runWorkflow(
      graph({node("start", "core.trigger.manual", "{}"), nodeToolAgent("openai", "stub-agent")},
            {edge("start", "agent")}));
  ASSERT_EQ(rows_->execution(id).status, "completed") << rows_->execution(id).error;
  const auto output = storedPortValue(rows_->nodes(id)["agent"]).extract<Poco::JSON::Object::Ptr>();
  const auto call_made = output->getArray("tool_calls")->getObject(0);
  EXPECT_TRUE(call_made->getValue<bool>("is_error"));
  EXPECT_NE(call_made->getValue<std::string>("result").find("config"), std::string::npos)
      << call_made->getValue<std::string>("result");
  // The model was told, as a tool result, and answered with what it read.
  EXPECT_EQ(output->getValue<std::string>("text").rfind("Agent done: Error: ", 0), 0U)
      << output->getValue<std::string>("text");
}

TEST_P(AiProviders, AnAgentToolNamingAnUnknownOrTriggerNodeTypeIsRefused) {
  for (const std::string node_type : {"no.such_type", "core.trigger.manual"}) {
    const std::size_t before = stub_->requestCount();
    const std::string id = runWorkflow(graph({node("start", "core.trigger.manual", "{}"),
                                              nodeToolAgent("claude", "stub-agent-set", node_type)},
                                             {edge("start", "agent")}));
    EXPECT_EQ(rows_->execution(id).status, "failed");
    const std::string error = rows_->execution(id).error;
    EXPECT_NE(error.find("node 'agent'"), std::string::npos) << error;
    EXPECT_NE(error.find("tools[].node_type"), std::string::npos) << error;
    EXPECT_NE(
        error.find(node_type == "no.such_type" ? "no node type \"no.such_type\"" : "is a trigger"),
        std::string::npos)
        << error;
    EXPECT_EQ(stub_->requestCount(), before);  // refused before any model call
  }
}

TEST_P(AiProviders, ARetryWaitsAsLongAsTheProvidersRetryAfterAsks) {
  // The runtime's policy waits 50 ms (retry_delays_ms); the stub's 429 says retry-after: 2.
  const std::string id = runWorkflow(graph({node("start", "core.trigger.manual", "{}"),
                                            chatNode("ask", "claude", "stub-rate-limited-once")},
                                           {edge("start", "ask")}));
  ASSERT_EQ(rows_->execution(id).status, "completed") << rows_->execution(id).error;
  EXPECT_EQ(rows_->nodes(id).at("ask").retry_count, 1);
  std::vector<std::chrono::steady_clock::time_point> attempts;
  for (const auto& request : stub_->requests()) {
    if (request.body.find("stub-rate-limited-once") != std::string::npos) {
      attempts.push_back(request.received);
    }
  }
  ASSERT_EQ(attempts.size(), 2U);
  // A lower bound only: the second attempt may come later on a loaded machine, never sooner.
  EXPECT_GE(attempts[1] - attempts[0], 1900ms);
}

TEST_P(AiProviders, ARetryAfterPastTheExecutionsTimeoutFailsAtOnceSayingSo) {
  // The stub asks for 2 s; the execution has 1.5 s in all: no point waiting, no second attempt.
  const std::string id = runWorkflow(graph({node("start", "core.trigger.manual", "{}"),
                                            chatNode("ask", "openai", "stub-rate-limited-once")},
                                           {edge("start", "ask")}) +
                                     R"(,"settings":{"timeout_ms":1500})");
  EXPECT_EQ(rows_->execution(id).status, "failed");
  EXPECT_EQ(rows_->nodes(id).at("ask").retry_count, 0);
  EXPECT_NE(rows_->execution(id).error.find("past the execution's timeout"), std::string::npos)
      << rows_->execution(id).error;
  EXPECT_EQ(stub_->requestCount(), 1U);
}

TEST_P(AiProviders, AStoredAgentIsTestedWithItsSubAgentsThroughTheAgentsApi) {
  const auto workflow = call("POST", "/api/v1/workflows",
                             R"({"name":"agents",)" +
                                 graph({node("start", "core.trigger.manual", "{}"),
                                        node("lead", "core.set", R"({"values":{}})"),
                                        node("aide", "core.set", R"({"values":{}})")},
                                       {edge("start", "lead"), edge("start", "aide")}) +
                                 "}");
  ASSERT_EQ(workflow.status, 201) << workflow.body;
  const auto workflow_id = workflow.json()->getValue<std::string>("id");
  const auto aide = call("POST", "/api/v1/agents",
                         R"({"workflow_id":")" + workflow_id +
                             R"(","node_id":"aide","name":"aide","model":"stub-ok"})");
  ASSERT_EQ(aide.status, 201) << aide.body;
  const auto lead = call("POST", "/api/v1/agents",
                         R"({"workflow_id":")" + workflow_id +
                             R"(","node_id":"lead","name":"lead","model":"stub-agent",)"
                             R"("system_prompt":"Delegate.","sub_agents":[")" +
                             aide.json()->getValue<std::string>("id") + R"("]})");
  ASSERT_EQ(lead.status, 201) << lead.body;
  const auto lead_id = lead.json()->getValue<std::string>("id");

  const auto tested = call("POST", "/api/v1/agents/" + lead_id + "/test",
                           R"({"input":"Find it","provider":"openai"})");
  ASSERT_EQ(tested.status, 200) << tested.body;
  EXPECT_EQ(tested.json()->getValue<std::string>("text"),
            std::string("Agent done: ") + AiStubServer::kText);
  EXPECT_EQ(tested.json()->getArray("tool_calls")->getObject(0)->getValue<std::string>("name"),
            "aide");
  EXPECT_EQ(ledger().size(), 3U);

  // Bad input: an unknown provider, a missing input, another agent id.
  EXPECT_EQ(
      call("POST", "/api/v1/agents/" + lead_id + "/test", R"({"input":"x","provider":"nobody"})")
          .status,
      422);
  EXPECT_EQ(call("POST", "/api/v1/agents/" + lead_id + "/test", "{}").status, 422);
  EXPECT_EQ(call("POST", "/api/v1/agents/" + store::newUuid() + "/test", R"({"input":"x"})").status,
            404);
  EXPECT_EQ(ledger().size(), 3U);
}

INSTANTIATE_TEST_SUITE_P(Dialects, AiProviders,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
