// The web tools and the image endpoint on the real binary and both databases, against local
// stubs of a Jina-compatible search service and reader, a plain web site
// (tests/support/WebStubServer) and the OpenAI images API (tests/support/AiStubServer):
// POST /tools/web/search, /tools/web/read and /tools/ai/image as one-node calls and the same
// node types in a workflow, a page's text extracted without a reader key, the SSRF guard,
// provider errors and bad bodies, the rate limits, the image's ledger row, and the key (a
// canary) never in an answer or the log.
#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "host/secrets/SecretCipher.hpp"
#include "host/store/Database.hpp"
#include "tests/support/AiStubServer.hpp"
#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/CanaryCalls.hpp"
#include "tests/support/ExecutionTestSupport.hpp"
#include "tests/support/WebStubServer.hpp"
#include "tests/support/WorkflowGraphs.hpp"

namespace orchestra::testing {
namespace {

using namespace std::chrono_literals;
using namespace Poco::Data::Keywords;
using store::DialectKind;

constexpr const char* kKeyVariable = "ORCHESTRA_TEST_WEB_MASTER_KEY";
constexpr const char* kCanary = "jina-canary-8c41f0d2b7e95a36";
constexpr int kWebToolsLimit = 14;  // above the 13 calls of the busiest test but one
constexpr int kAiToolsLimit = 4;
constexpr double kImagePrice = 0.04;

std::string pluginLine(const std::string& file) {
  return std::string("    - file: \"") + ORCHESTRA_PLUGIN_BUILD_DIR + "/" + file +
         "\"\n      required: true\n";
}

std::string hostYaml(const WebStubServer& web, const AiStubServer& ai, bool allow_private) {
  return std::string("plugins:\n  http_allow_private_addresses: ") +
         (allow_private ? "true" : "false") + "\n  load:\n" + pluginLine("libcore_nodes.so") +
         pluginLine("libweb_tools.so") + pluginLine("libai_openai.so") +
         pluginLine("libai_tools.so") +
         "runtime:\n  retry_max: 0\n  poll_interval_ms: 100\n"
         "secrets:\n  master_key_env: " +
         kKeyVariable + "\nrate_limits:\n  web_tools_limit: " + std::to_string(kWebToolsLimit) +
         "\n  ai_tools_limit: " + std::to_string(kAiToolsLimit) + "\nweb_tools:\n  search_url: \"" +
         web.baseUrl() + "/search\"\n  reader_url: \"" + web.baseUrl() +
         "/reader/\"\n  api_key_secret: JINA_API_KEY\n" +
         "ai:\n  providers:\n    - id: openai\n      extension: ai.openai\n      config:\n"
         "        base_url: \"" +
         ai.baseUrl() +
         "/v1\"\n        default_model: stub-ok\n        default_image_model: stub-image\n"
         "  prices:\n    stub-image: {image: " +
         std::to_string(kImagePrice) + "}\n";
}

class WebTools : public ::testing::TestWithParam<DialectKind> {
 protected:
  void SetUp() override {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the test's one thread, before the host starts
    ::setenv(kKeyVariable, secrets::base64Encode(std::string(32, 'b')).c_str(), 1);
    web_ = std::make_unique<WebStubServer>();
    ai_ = std::make_unique<AiStubServer>();
  }
  void TearDown() override {
    if (host_) {
      EXPECT_EQ(host_->process().output().find(kCanary), std::string::npos) << "the log";
    }
    host_.reset();
    web_.reset();
    ai_.reset();
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the test's one thread
    ::unsetenv(kKeyVariable);
  }

  void start(bool allow_private = true) {
    host_ = std::make_unique<AuthHost>(GetParam(), hostYaml(*web_, *ai_, allow_private));
    token_ = host_->accessToken("ada@example.com");
  }
  void createKey() { createSecretWithoutCanary(*host_, kCanary, token_, "JINA_API_KEY", kCanary); }

  // Every answer passes here, so each test also checks that none holds the key.
  HttpResult call(const std::string& path, const std::string& body) {
    return callWithoutCanary(*host_, kCanary, token_, "POST", path, body);
  }

  std::string webRead(const std::string& url) { return R"({"url":")" + url + R"("})"; }

  std::unique_ptr<WebStubServer> web_;
  std::unique_ptr<AiStubServer> ai_;
  std::unique_ptr<AuthHost> host_;
  std::string token_;
};

TEST_P(WebTools, SearchAndReadThroughTheEndpointsSpeakJinaWithTheWorkspaceKey) {
  start();
  createKey();
  const auto searched = call("/api/v1/tools/web/search", R"({"query":"fish & chips","count":2})");
  ASSERT_EQ(searched.status, 200) << searched.body;
  EXPECT_EQ(searched.json()->getValue<std::string>("query"), "fish & chips");
  const auto results = searched.json()->getArray("results");
  ASSERT_EQ(results->size(), 2U);  // the stub sends 3: count bounds them
  const auto first = results->getObject(0);
  EXPECT_EQ(first->getValue<std::string>("title"), "Result 1 for fish & chips");
  EXPECT_EQ(first->getValue<std::string>("url"), "https://example.com/1");
  EXPECT_EQ(first->getValue<std::string>("description"), "Description 1");
  EXPECT_EQ(first->getValue<std::string>("content"), "Content 1");
  EXPECT_FALSE(first->has("usage"));

  const auto read = call("/api/v1/tools/web/read", webRead("https://example.com/a?b=1"));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json()->getValue<std::string>("source"), "reader");
  EXPECT_EQ(read.json()->getValue<std::string>("content"), WebStubServer::kReaderContent);
  EXPECT_EQ(read.json()->getValue<std::string>("title"), "Read: https://example.com/a?b=1");
  EXPECT_FALSE(read.json()->getValue<bool>("truncated"));

  // The wire: Jina's request shapes, the key as a Bearer token.
  const auto requests = web_->requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].uri, "/search/?q=fish%20%26%20chips&num=2");
  EXPECT_EQ(requests[0].authorization, std::string("Bearer ") + kCanary);
  EXPECT_EQ(requests[0].accept, "application/json");
  EXPECT_EQ(requests[1].uri, "/reader/https://example.com/a?b=1");
  EXPECT_EQ(requests[1].authorization, std::string("Bearer ") + kCanary);
  EXPECT_EQ(requests[1].accept, "application/json");
}

TEST_P(WebTools, WithoutAKeyAReadFetchesThePageAndKeepsItsText) {
  start();
  const auto read = call("/api/v1/tools/web/read", webRead(web_->baseUrl() + "/site/page.html"));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json()->getValue<std::string>("source"), "direct");
  EXPECT_EQ(read.json()->getValue<std::string>("title"), WebStubServer::kPageTitle);
  EXPECT_EQ(read.json()->getValue<std::string>("content"),
            "Welcome\n\nFish & chips \u2014 caf&eacute; <3\n\nSecond paragraph");
  const auto requests = web_->requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].uri, "/site/page.html");
  EXPECT_EQ(requests[0].authorization, "");

  const auto bounded =
      call("/api/v1/tools/web/read",
           R"({"url":")" + web_->baseUrl() + R"(/site/page.html","max_content_bytes":7})");
  ASSERT_EQ(bounded.status, 200) << bounded.body;
  EXPECT_EQ(bounded.json()->getValue<std::string>("content"), "Welcome");
  EXPECT_TRUE(bounded.json()->getValue<bool>("truncated"));

  const auto binary = call("/api/v1/tools/web/read", webRead(web_->baseUrl() + "/site/image.png"));
  EXPECT_EQ(binary.status, 422) << binary.body;
  EXPECT_NE(binary.body.find("image/png"), std::string::npos) << binary.body;
  const auto missing = call("/api/v1/tools/web/read", webRead(web_->baseUrl() + "/site/gone"));
  EXPECT_EQ(missing.status, 502) << missing.body;
}

TEST_P(WebTools, TheSameNodeTypesRunInAWorkflow) {
  start();
  createKey();
  auto rows = std::make_unique<ExecutionRows>(host_->database().settings());
  const std::string search_config = R"({"query":"nodes","count":1,"base_url":")" + web_->baseUrl() +
                                    R"(/search","api_key_secret":"JINA_API_KEY"})";
  const std::string read_config =
      R"({"url":")" + web_->baseUrl() + R"(/site/page.html","api_key_secret":""})";
  const std::string graph_json =
      graph({node("start", "core.trigger.manual", "{}"),
             node("search", "web.search", search_config), node("read", "web.read", read_config)},
            {edge("start", "search"), edge("search", "read")});
  const auto created = callWithoutCanary(*host_, kCanary, token_, "POST", "/api/v1/workflows",
                                         R"({"name":"web",)" + graph_json + "}");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto started =
      callWithoutCanary(*host_, kCanary, token_, "POST", "/api/v1/executions",
                        R"({"workflow_id":")" + created.json()->getValue<std::string>("id") +
                            R"(","trigger_type":"manual","trigger_data":{}})");
  ASSERT_EQ(started.status, 202) << started.body;
  const auto id = started.json()->getValue<std::string>("id");
  rows->waitFinished(id, 30s);
  ASSERT_EQ(rows->execution(id).status, "completed") << rows->execution(id).error;
  const auto nodes = rows->nodes(id);
  const auto search = storedPortValue(nodes.at("search")).extract<Poco::JSON::Object::Ptr>();
  ASSERT_EQ(search->getArray("results")->size(), 1U);
  EXPECT_EQ(search->getArray("results")->getObject(0)->getValue<std::string>("title"),
            "Result 1 for nodes");
  const auto read = storedPortValue(nodes.at("read")).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(read->getValue<std::string>("source"), "direct");
  EXPECT_EQ(read->getValue<std::string>("title"), WebStubServer::kPageTitle);
  EXPECT_EQ(web_->requests().at(0).authorization, std::string("Bearer ") + kCanary);
  EXPECT_EQ(
      callWithoutCanary(*host_, kCanary, token_, "GET", "/api/v1/executions/" + id + "/nodes", "")
          .status,
      200);
}

TEST_P(WebTools, ProviderFailuresAreClassifiedAndBadBodiesWriteNothing) {
  start();
  createKey();
  const auto limited = call("/api/v1/tools/web/search", R"({"query":"stub-rate-limited"})");
  EXPECT_EQ(limited.status, 503) << limited.body;
  EXPECT_EQ(limited.json()->getValue<std::string>("error_class"), "transient");
  EXPECT_NE(limited.body.find("429"), std::string::npos) << limited.body;
  EXPECT_NE(limited.body.find("retry after 7 s"), std::string::npos) << limited.body;

  const auto refused = call("/api/v1/tools/web/search", R"({"query":"stub-bad-request"})");
  EXPECT_EQ(refused.status, 422) << refused.body;  // the canary check is in call()
  EXPECT_NE(refused.body.find("[redacted]"), std::string::npos) << refused.body;
  const std::size_t sent = web_->requests().size();
  ASSERT_EQ(sent, 2U);

  for (const char* body : {"{}", R"({"query":""})", R"({"query":"x","count":0})",
                           R"({"query":"x","count":51})", R"({"query":"x","base_url":"http://x"})",
                           R"({"query":"x","api_key_secret":"OTHER"})", R"({"query":7})"}) {
    const auto bad = call("/api/v1/tools/web/search", body);
    EXPECT_EQ(bad.status, 422) << body << " " << bad.body;
  }
  for (const char* body : {"{}", R"({"url":"ftp://example.com/x"})", R"({"url":"example.com"})",
                           R"({"url":"https://example.com","max_content_bytes":0})"}) {
    const auto bad = call("/api/v1/tools/web/read", body);
    EXPECT_EQ(bad.status, 422) << body << " " << bad.body;
  }
  EXPECT_EQ(web_->requests().size(), sent);
}

TEST_P(WebTools, PrivateAddressesAreRefusedUnlessTheOperatorAllowsThem) {
  start(false);
  const auto refused = call("/api/v1/tools/web/read", webRead(web_->baseUrl() + "/site/page.html"));
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("config.url"), std::string::npos) << refused.body;
  const auto metadata = call("/api/v1/tools/web/read", webRead("http://169.254.169.254/latest"));
  EXPECT_EQ(metadata.status, 422) << metadata.body;
  EXPECT_TRUE(web_->requests().empty());
}

TEST_P(WebTools, WebToolsHaveTheirOwnRateLimit) {
  start();
  const std::string body = webRead(web_->baseUrl() + "/site/page.html");
  for (int i = 0; i < kWebToolsLimit; ++i) {
    ASSERT_EQ(call("/api/v1/tools/web/read", body).status, 200) << i;
  }
  const auto limited = call("/api/v1/tools/web/read", body);
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_FALSE(limited.header("Retry-After").empty());
  EXPECT_EQ(web_->requests().size(), static_cast<std::size_t>(kWebToolsLimit));
  // The AI tools count apart.
  EXPECT_EQ(call("/api/v1/tools/ai/image", R"({"provider":"openai","prompt":"a cat"})").status,
            200);
}

TEST_P(WebTools, AnImageIsGeneratedMeteredAndSharesTheAiRateLimitWithChat) {
  start();
  const auto image =
      call("/api/v1/tools/ai/image", R"({"provider":"openai","prompt":"a cat","size":"256x256"})");
  ASSERT_EQ(image.status, 200) << image.body;
  EXPECT_EQ(image.json()->getValue<std::string>("provider"), "openai");
  EXPECT_EQ(image.json()->getValue<std::string>("model"), "stub-image");
  const auto images = image.json()->getArray("images");
  ASSERT_EQ(images->size(), 1U);
  EXPECT_EQ(images->getObject(0)->getValue<std::string>("mime_type"), "image/png");
  EXPECT_EQ(images->getObject(0)->getValue<std::string>("base64"), "iVBORw0KGgo=");
  EXPECT_EQ(image.json()->getObject("usage")->getValue<int>("image_count"), 1);
  const auto wire = ai_->requests();
  ASSERT_EQ(wire.size(), 1U);
  EXPECT_EQ(wire[0].path, "/v1/images/generations");
  EXPECT_NE(wire[0].body.find(R"("prompt":"a cat")"), std::string::npos) << wire[0].body;
  EXPECT_NE(wire[0].body.find(R"("size":"256x256")"), std::string::npos) << wire[0].body;

  // The ledger: one ai_call row with its image and the price of one image.
  store::Database database(host_->database().settings());
  Poco::Data::Session session = database.session();
  int rows = 0;
  double cost = 0;
  session << "SELECT COUNT(*), SUM(cost_usd) FROM analytics_metrics WHERE metric_type = 'ai_call'",
      into(rows), into(cost), now;
  EXPECT_EQ(rows, 1);
  EXPECT_NEAR(cost, kImagePrice, 1e-9);
  const auto usage = callWithoutCanary(*host_, kCanary, token_, "GET", "/api/v1/usage", "");
  ASSERT_EQ(usage.status, 200) << usage.body;
  EXPECT_NEAR(usage.json()->getValue<double>("spend_usd"), kImagePrice, 1e-9);

  EXPECT_EQ(call("/api/v1/tools/ai/image", R"({"provider":"nope","prompt":"x"})").status, 422);
  EXPECT_EQ(
      call("/api/v1/tools/ai/image", R"({"provider":"openai","count":11,"prompt":"x"})").status,
      422);
  EXPECT_EQ(call("/api/v1/tools/ai/image", R"({"provider":"openai"})").status, 422);
  EXPECT_EQ(ai_->requests().size(), 1U);
  // Four /tools/ai/* calls so far: chat is over the shared limit too.
  const auto limited = call("/api/v1/tools/ai/chat", R"({"provider":"openai","prompt":"hi"})");
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_FALSE(limited.header("Retry-After").empty());
}

INSTANTIATE_TEST_SUITE_P(Dialects, WebTools,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
