// Issue 8's smaller findings on the real binary: JSON bodies bounded before they become
// documents, short fixed error bodies, NUL and invisible characters refused at validation, and
// /metrics behind its token when one is configured.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <thread>

#include "tests/integration/HostFixture.hpp"

namespace orchestra::testing {
namespace {

std::map<std::string, std::string> bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

std::int64_t statusKib(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stoll(line.substr(field.size() + 1));
  }
  ADD_FAILURE() << field << " not found";
  return 0;
}

std::string joined(const std::string& opening, const std::string& item, std::size_t count,
                   const std::string& closing) {
  std::string out = opening;
  out.reserve(opening.size() + count * (item.size() + 1) + closing.size());
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    out += item;
  }
  return out + closing;
}

std::string manyKeys(std::size_t count) {
  std::string out = "{";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    out += "\"k" + std::to_string(i) + "\":0";
  }
  return out + "}";
}

// {"k0":"twelve chars","k1":...}: an object of many members that hold short text.
std::string keyedStrings(std::size_t count) {
  std::string out = "{";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    out += R"("k)" + std::to_string(i) + R"(":"twelve chars")";
  }
  return out + "}";
}

class HttpHardening : public SqliteHostTest {
 protected:
  // These tests are about validation, not the per-IP OTP budget.
  void SetUp() override { start(sqliteHostConfig() + "rate_limits:\n  otp_request_limit: 100\n"); }

  // How far the host's peak RSS rose above its RSS while it answered one request.
  // `answer`, when given, receives the response.
  std::int64_t peakGrowthBytes(const std::string& path, const std::string& body,
                               const std::string& token, int expected_status,
                               const std::string& method = "POST", HttpResult* answer = nullptr) {
    const pid_t pid = host_->pid();
    // A host that has just started may still be starting threads and filling caches: wait
    // (bounded) until its RSS holds still, so that only the request is measured.
    std::int64_t before = statusKib(pid, "VmRSS");
    int steady_readings = 0;
    for (int poll = 0; poll < 100 && steady_readings < 4; ++poll) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const std::int64_t now = statusKib(pid, "VmRSS");
      steady_readings = now == before ? steady_readings + 1 : 0;
      before = now;
    }
    std::ofstream(std::string("/proc/") + std::to_string(pid) + "/clear_refs") << "5";
    const auto result = client().request(
        method, path, body, token.empty() ? std::map<std::string, std::string>{} : bearer(token));
    EXPECT_EQ(result.status, expected_status) << path << ": " << result.body.substr(0, 200);
    if (answer != nullptr) *answer = result;
    return (statusKib(pid, "VmHWM") - before) * 1024;
  }
};

// Issue 8, finding 2: 1 MB bodies used to cost up to 292 MB (anonymous) and 580 MB (signed in).
TEST_F(HttpHardening, AMegabyteBodyOfAnyShapeCostsAtMostTenTimesItsSize) {
  constexpr std::size_t kMegabyte = 1 << 20;
  std::string nested;
  for (int i = 0; i < 60; ++i)
    nested += R"({"":)";
  nested += "{}" + std::string(60, '}');
  const std::map<std::string, std::string> shapes = {
      {"empty objects", joined("[", "{}", kMegabyte / 3, "]")},
      {"nested objects", joined("[", nested, kMegabyte / (nested.size() + 1), "]")},
      {"many keys", manyKeys(kMegabyte / 10)},
      {"numbers", joined("[", "0", kMegabyte / 2, "]")},
  };
  const std::string token = signIn();
  for (const auto& [name, shape] : shapes) {
    SCOPED_TRACE(name);
    const std::int64_t anonymous = peakGrowthBytes("/api/v1/auth/refresh", shape, "", 413);
    EXPECT_LE(anonymous, 10 * static_cast<std::int64_t>(shape.size()));
    const std::string workflow = R"({"name":"big","settings":{"x":)" + shape + "}}";
    const std::int64_t signed_in = peakGrowthBytes("/api/v1/workflows", workflow, token, 413);
    EXPECT_LE(signed_in, 10 * static_cast<std::int64_t>(workflow.size()));
  }
}

// Bodies the limits admit cost at most ten times their size to hold and check: they become
// compact documents (RapidJSON, 16 bytes a value), not Poco's (~1 KiB a value: 26 times a
// workflow graph, 290 times [{},...]). Each body is read and validated whole, then refused for
// its name (422), so what is measured is the body, not the storing of a megabyte of settings.
TEST_F(HttpHardening, ABodyWithinTheLimitsCostsAtMostTenTimesItsSize) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's redzones and quarantine inflate the host's memory";
#endif
  const std::string node =
      R"({"id":"n1","type":"core.delay","position":{"x":200,"y":40},"data":{"duration_ms":5},)"
      R"("label":"Wait 1","width":180,"selected":false})";
  const std::map<std::string, std::string> shapes = {
      {"graph nodes", joined("[", node, 8'000, "]")},
      {"many keys", keyedStrings(90'000)},
      {"ten-digit numbers", joined("[", "1234567890", 90'000, "]")},
      {"long strings", joined("[", '"' + std::string(1000, 'x') + '"', 1'000, "]")},
  };
  const std::string token = signIn();
  for (const auto& [name, shape] : shapes) {
    SCOPED_TRACE(name);
    const std::string workflow = R"({"name":5,"settings":{"x":)" + shape + "}}";
    const std::int64_t growth = peakGrowthBytes("/api/v1/workflows", workflow, token, 422);
    EXPECT_LE(growth, 10 * static_cast<std::int64_t>(workflow.size()));
  }
  // Each unknown member is an issue; past a hundred they are only counted, since each held
  // issue costs several hundred bytes (this body cost 13 times its size before).
  std::string unknown = R"({"name":"x")";
  for (int i = 0; i < 24'000; ++i) {
    const std::string number = std::to_string(1'000'000'000'000 + i);
    unknown += R"(,"unknown_property_name_number_)" + number + R"(":0)";
  }
  unknown += "}";
  EXPECT_LE(peakGrowthBytes("/api/v1/workflows", unknown, token, 422),
            10 * static_cast<std::int64_t>(unknown.size()));
  // Denser bodies are refused before they are parsed: [0,0,...] would cost ~25 times the body.
  const std::string dense =
      R"({"name":"big","settings":{"x":)" + joined("[", "0", 99'000, "]") + "}}";
  const std::int64_t growth = peakGrowthBytes("/api/v1/workflows", dense, token, 413);
  EXPECT_LE(growth, 10 * static_cast<std::int64_t>(dense.size()));
}

// A workflow the limits admit costs at most ten times its body to save whole: parse, check the
// graph, store it and its first version (SQLite), answer with it. The dense graph cost 11.3 times
// and the templates 10.0 times (release) while SQLite checked json_valid on the graph columns and
// indexed the nodes text (tests/bench/workflow_save_memory.py has the other shapes).
TEST_F(HttpHardening, ASavedWorkflowCostsAtMostTenTimesItsBody) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's redzones and quarantine inflate the host's memory";
#endif
  const std::string trigger =
      R"({"id":"t","type":"core.trigger.manual","position":{"x":0,"y":0},"data":{}})";
  std::string nodes = trigger;
  std::string connections;
  for (int i = 0; i < 4'900; ++i) {
    const std::string id = "n" + std::to_string(i);
    nodes += R"(,{"id":")" + id +
             R"(","type":"core.delay","position":{"x":200,"y":40},"data":{"duration_ms":5},)"
             R"("label":"Wait","width":180,"selected":false})";
    connections += (i > 0 ? "," : "") + (R"({"id":"c)" + std::to_string(i) +
                                         R"(","source":"t","target":")" + id + R"("})");
  }
  std::string templates;
  for (int i = 0; i < 45'000; ++i) {
    templates += (i > 0 ? R"(,"k)" : R"("k)") + std::to_string(i) + R"(":"{{ trigger.data }}")";
  }
  const std::map<std::string, std::string> shapes = {
      {"graph of 4,900 connected nodes",
       R"({"name":"graph","nodes":[)" + nodes + R"(],"connections":[)" + connections + "]}"},
      {"one node config of 45,000 templates",
       R"({"name":"templates","nodes":[)" + trigger +
           R"(,{"id":"d","type":"core.delay","position":{"x":0,"y":0},"data":{)" + templates +
           R"(}}],"connections":[{"id":"c","source":"t","target":"d"}]})"},
  };
  const std::string token = signIn();
  const auto limit = [](const std::string& body) {
    return 10 * static_cast<std::int64_t>(body.size());
  };
  for (const auto& [name, workflow] : shapes) {
    SCOPED_TRACE(name);
    // Each save is measured in a fresh process, since memory an earlier request freed would hide
    // its cost; and twice, the smaller growth counting: once in a few dozen runs, something
    // outside the request (a pooled connection's or a thread's first use) added ~1.6 MB.
    std::int64_t create_growth = std::numeric_limits<std::int64_t>::max();
    std::string id;
    for (int attempt = 0; attempt < 2; ++attempt) {
      restart();
      HttpResult created;
      create_growth = std::min(create_growth, peakGrowthBytes("/api/v1/workflows", workflow, token,
                                                              201, "POST", &created));
      id = created.json()->getValue<std::string>("id");
    }
    EXPECT_LE(create_growth, limit(workflow));
    // Saved again under another name, and compared with the stored version for its change
    // summary: two versions of the graph at hand. These cost 11.8 and 11.9 times the body (debug)
    // while the request's text was kept beside its document and both versions were held as
    // documents and canonical texts.
    std::string renamed = workflow;
    renamed.replace(renamed.find(R"("name":")"), 8, R"("name":"again )");
    std::int64_t update_growth = std::numeric_limits<std::int64_t>::max();
    for (int attempt = 0; attempt < 2; ++attempt) {
      restart();
      ASSERT_EQ(client().request("GET", "/api/v1/workflows/" + id, "", bearer(token)).status, 200);
      update_growth = std::min(
          update_growth, peakGrowthBytes("/api/v1/workflows/" + id, renamed, token, 200, "PUT"));
    }
    EXPECT_LE(update_growth, limit(renamed));
  }
}

class JsonBudget : public SqliteHostTest {
 protected:
  // A budget of one byte: a request runs alone or gets 503.
  void SetUp() override { start(sqliteHostConfig("  json:\n    in_flight_budget_bytes: 1\n")); }
};

TEST_F(JsonBudget, ABodyArrivingWhileALargeOneIsParsedGets503) {
  const std::string token = signIn();
  // 9 MB of text: parsing, storing it twice (the workflow and its first version) and answering
  // with it take a few hundred milliseconds.
  const std::string large = R"({"name":"big","settings":{"x":)" +
                            joined("[", '"' + std::string(1000, 'x') + '"', 9'000, "]") + "}}";
  std::atomic<bool> first_done = false;
  std::thread first([&] {
    // Sending 9 MB takes a while: a small request may hold the budget when it arrives, and then
    // the large one is the one refused. It is sent again until it runs.
    HttpResult result;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    do {
      result = client().request("POST", "/api/v1/workflows", large, bearer(token));
    } while (result.status == 503 && std::chrono::steady_clock::now() < until);
    EXPECT_EQ(result.status, 201) << result.body.substr(0, 200);
    first_done = true;
  });
  // Small bodies, one after another, while the large one is in flight: one must be refused. The
  // MCP endpoint parses its messages itself, and they count against the same budget.
  std::map<std::string, std::string> mcp_headers = bearer(token);
  mcp_headers["Accept"] = "application/json, text/event-stream";
  HttpResult refused;
  HttpResult mcp_refused;
  while (!first_done && (refused.status != 503 || mcp_refused.status != 503)) {
    if (refused.status != 503) {
      refused = client().request("PATCH", "/api/v1/auth/me", R"({"full_name":"x"})", bearer(token));
    }
    if (mcp_refused.status != 503) {
      mcp_refused = client().request("POST", "/api/v1/mcp",
                                     R"({"jsonrpc":"2.0","id":1,"method":"ping"})", mcp_headers);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  first.join();
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(refused.header("Retry-After"), "1");
  EXPECT_EQ(mcp_refused.status, 503) << mcp_refused.body;
  // Alone again, the same request runs.
  EXPECT_EQ(
      client().request("PATCH", "/api/v1/auth/me", R"({"full_name":"x"})", bearer(token)).status,
      200);
}

TEST_F(HttpHardening, MalformedJsonGetsAFixedShortMessage) {
  const std::string token = signIn();
  const std::string huge_number(1 << 20, '9');
  for (const std::string& body : {std::string(R"({"name":)"), std::string("{]"),
                                  R"({"name":"x","settings":{"x":)" + huge_number + "x}}"}) {
    const auto result = client().request("POST", "/api/v1/workflows", body, bearer(token));
    EXPECT_EQ(result.status, 400);
    EXPECT_EQ(result.body, R"({"detail":"Malformed JSON body"})");
  }
}

TEST_F(HttpHardening, ValidationErrorsListFiftyIssuesThenHowManyMore) {
  const std::string token = signIn();
  std::string body = manyKeys(5'000);
  body.insert(1, R"("name":"x",)");
  const auto result = client().request("POST", "/api/v1/workflows", body, bearer(token));
  ASSERT_EQ(result.status, 422);
  EXPECT_LT(result.body.size(), 16'384U);
  const auto detail = result.json()->getArray("detail");
  ASSERT_EQ(detail->size(), 51U);
  EXPECT_EQ(detail->getObject(50)->getValue<std::string>("msg"), "\u2026 and 4950 more");

  const std::string long_key(100'000, 'k');
  const auto echoed = client().request("POST", "/api/v1/workflows",
                                       R"({"name":"x",")" + long_key + R"(":1})", bearer(token));
  ASSERT_EQ(echoed.status, 422);
  EXPECT_LT(echoed.body.size(), 1024U) << echoed.body.substr(0, 300);
}

// Finding 5: the NUL used to cut the stored name ("admin").
TEST_F(HttpHardening, ANulInATextFieldIsRefusedWhereItIs) {
  const std::string token = signIn();
  const auto patched = client().request(
      "PATCH", "/api/v1/auth/me", R"j({"full_name":"admin\u0000 (vanishes)"})j", bearer(token));
  ASSERT_EQ(patched.status, 422) << patched.body;
  const auto issue = patched.json()->getArray("detail")->getObject(0);
  EXPECT_EQ(issue->getArray("loc")->getElement<std::string>(0), "body");
  EXPECT_EQ(issue->getArray("loc")->getElement<std::string>(1), "full_name");
  const auto me = client().request("GET", "/api/v1/auth/me", "", bearer(token));
  EXPECT_TRUE(me.json()->isNull("full_name")) << me.body;
}

// Finding 4: invisible, control and bidirectional characters never reach a mail header.
TEST_F(HttpHardening, AddressesWithInvisibleOrControlCharactersGetNoMail) {
  for (const std::string& email :
       {std::string(R"(a@b.com\u2028x)"), std::string(R"(a\u0085@b.com)"),
        std::string(R"(a\u202e@b.com)"), std::string(R"(\"a\\\r\\\nBcc: x\"@b.com)"),
        std::string("a@-b.com"), std::string("a@b..com"), std::string(".a@b.com"),
        std::string(65, 'a') + "@b.com"}) {
    const auto result =
        client().request("POST", "/api/v1/auth/request-otp", R"({"email":")" + email + R"("})");
    EXPECT_EQ(result.status, 422) << email << ": " << result.body;
  }
  std::error_code ignored;
  EXPECT_TRUE(!std::filesystem::exists(outbox(), ignored) || std::filesystem::is_empty(outbox()));
}

TEST_F(HttpHardening, MetricsArePublicWithoutAToken) {
  EXPECT_EQ(client().get("/metrics").status, 200);
}

class MetricsToken : public SqliteHostTest {
 protected:
  void SetUp() override {
    start(sqliteHostConfig() + "observability:\n  metrics_token: scrape-token-0123456789\n");
  }
};

// Finding 8.
TEST_F(MetricsToken, MetricsAnswerOnlyTheConfiguredBearerToken) {
  EXPECT_EQ(client().get("/metrics").status, 401);
  EXPECT_EQ(client().request("GET", "/metrics", "", bearer("wrong-token")).status, 401);
  const auto scraped = client().request("GET", "/metrics", "", bearer("scrape-token-0123456789"));
  EXPECT_EQ(scraped.status, 200);
  EXPECT_NE(scraped.body.find("http_requests"), std::string::npos) << scraped.body.substr(0, 300);
  EXPECT_EQ(client().get("/health").status, 200);  // nothing else changes
}

}  // namespace
}  // namespace orchestra::testing
