// Workspace secrets on the real binary and both databases: the API's rules (roles, scoping,
// 409/422, 503 without a master key), a canary value that a workflow really uses but that never
// reaches the database file, the host's log or any API answer, tampered and swapped rows
// refused, and `orchestra secrets rotate-master-key`.
#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>

#include "host/secrets/SecretCipher.hpp"
#include "host/store/Database.hpp"
#include "host/store/SqlValues.hpp"
#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/CanaryCalls.hpp"
#include "tests/support/ExecutionTestSupport.hpp"
#include "tests/support/HttpSink.hpp"
#include "tests/support/WorkflowGraphs.hpp"

namespace orchestra::testing {
namespace {

using namespace std::chrono_literals;
using namespace Poco::Data::Keywords;
using store::DialectKind;

constexpr const char* kKeyVariable = "ORCHESTRA_TEST_MASTER_KEY";
constexpr const char* kCanary = "canary-7f3c9e1d2b8a4f60";

std::string masterKey(char fill) {
  return secrets::base64Encode(std::string(32, fill));
}

// The host inherits the test's environment: the master key reaches it only this way.
void setMasterKey(const std::string& key) {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): the test's one thread, before the host starts
  ::setenv(kKeyVariable, key.c_str(), 1);
}

std::string hostYaml(const std::string& key_variable) {
  return std::string("plugins:\n  http_allow_private_addresses: true\n  load:\n    - file: \"") +
         ORCHESTRA_PLUGIN_BUILD_DIR +
         "/libcore_nodes.so\"\n      required: true\n"
         "runtime:\n  retry_delays_ms: [\"50\"]\n  retry_max: 1\n  poll_interval_ms: 100\n"
         "secrets:\n  master_key_env: " +
         key_variable + "\n";
}

class Secrets : public ::testing::TestWithParam<DialectKind> {
 protected:
  void SetUp() override {
    setMasterKey(masterKey('1'));
    host_ = std::make_unique<AuthHost>(GetParam(), hostYaml(kKeyVariable));
    token_ = accessToken("ada@example.com");
    rows_ = std::make_unique<ExecutionRows>(host_->database().settings());
  }
  void TearDown() override {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the test's one thread
    ::unsetenv(kKeyVariable);
  }

  std::string accessToken(const std::string& email) {
    const auto login = host_->login(email);
    EXPECT_EQ(login.status, 200) << login.body;
    return login.json()->getValue<std::string>("access_token");
  }

  // Every answer passes here, so each test also checks that no answer holds the canary.
  HttpResult call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& token = "") {
    return callWithoutCanary(*host_, kCanary, token.empty() ? token_ : token, method, path, body);
  }

  void createSecret(const std::string& name, const std::string& value) {
    createSecretWithoutCanary(*host_, kCanary, token_, name, value);
  }

  std::string runWorkflow(const std::string& graph_json) {
    const auto created =
        call("POST", "/api/v1/workflows", R"({"name":"uses secrets",)" + graph_json + "}");
    EXPECT_EQ(created.status, 201) << created.body;
    const auto started = call("POST", "/api/v1/executions",
                              R"({"workflow_id":")" + created.json()->getValue<std::string>("id") +
                                  R"(","trigger_type":"manual","trigger_data":{}})");
    EXPECT_EQ(started.status, 202) << started.body;
    auto id = started.json()->getValue<std::string>("id");
    rows_->waitFinished(id, 20s);
    return id;
  }

  // start → call (an HTTP request whose path is the secret, so the sink proves the real value
  // was used) → echo (copies it into its output, and the next node's input).
  std::string canaryGraph(const HttpSink& sink, const std::string& name = "CANARY") {
    return graph(
        {node("start", "core.trigger.manual", "{}"),
         node("call", "core.http_request",
              R"({"url":")" + sink.url("/hook/") + "{{ secrets." + name +
                  R"( }}","method":"POST"})"),
         node("echo", "core.set",
              R"({"values":{"token":"{{ secrets.)" + name +
                  R"( }}","wrapped":"Bearer {{ secrets.)" + name + R"( }}"}})"),
         node("after", "core.set", R"({"values":{"seen":"{{ nodes.echo.output.token }}"}})")},
        {edge("start", "call"), edge("call", "echo"), edge("echo", "after")});
  }

  std::string personalWorkspace(const std::string& token) {
    return call("GET", "/api/v1/auth/me", "", token)
        .json()
        ->getArray("workspaces")
        ->getObject(0)
        ->getValue<std::string>("id");
  }

  void sql(const std::string& statement) {
    store::Database database(host_->database().settings());
    Poco::Data::Session session = database.session();
    database.execute(session, statement);
  }

  // The sealed columns of one secret, as stored.
  std::pair<std::string, std::string> sealedColumns(const std::string& name) {
    store::Database database(host_->database().settings());
    Poco::Data::Session session = database.session();
    std::string ciphertext;
    std::string nonce;
    session << "SELECT ciphertext, nonce FROM secrets WHERE name = '" + name + "'",
        into(ciphertext), into(nonce), now;
    return {ciphertext, nonce};
  }

  std::unique_ptr<AuthHost> host_;
  std::unique_ptr<ExecutionRows> rows_;
  std::string token_;
};

TEST_P(Secrets, CreateListReadRotateDeleteWithoutEverAnsweringAValue) {
  const auto created = call("POST", "/api/v1/secrets",
                            std::string(R"({"name":"API_KEY","value":")") + kCanary +
                                R"(","description":"the provider key"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto body = created.json();
  EXPECT_EQ(body->getValue<std::string>("name"), "API_KEY");
  EXPECT_EQ(body->getValue<std::string>("description"), "the provider key");
  EXPECT_EQ(body->getValue<std::string>("workspace_id"), personalWorkspace(token_));
  EXPECT_FALSE(body->has("value"));
  for (const char* member : {"id", "key_version", "created_by", "created_at", "updated_at"})
    EXPECT_TRUE(body->has(member)) << member;

  EXPECT_EQ(call("POST", "/api/v1/secrets", R"({"name":"API_KEY","value":"again"})").status, 409);
  createSecret("_second", "two");
  const auto listed = call("GET", "/api/v1/secrets?limit=1&offset=1");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json()->getValue<int>("total"), 2);
  EXPECT_EQ(listed.json()->getArray("items")->size(), 1U);
  EXPECT_EQ(listed.json()->getArray("items")->getObject(0)->getValue<std::string>("name"),
            "_second");

  const auto read = call("GET", "/api/v1/secrets/API_KEY");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_FALSE(read.json()->has("value"));
  const auto rotated = call("PUT", "/api/v1/secrets/API_KEY", R"({"value":"rotated value"})");
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_EQ(rotated.json()->getValue<std::string>("description"), "the provider key");
  const auto described = call("PUT", "/api/v1/secrets/API_KEY", R"({"description":null})");
  ASSERT_EQ(described.status, 200) << described.body;
  EXPECT_TRUE(described.json()->isNull("description"));

  EXPECT_EQ(call("DELETE", "/api/v1/secrets/API_KEY").status, 204);
  EXPECT_EQ(call("GET", "/api/v1/secrets/API_KEY").status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/secrets/API_KEY").status, 404);
  EXPECT_EQ(call("PUT", "/api/v1/secrets/API_KEY", R"({"value":"x"})").status, 404);
}

TEST_P(Secrets, NamesAndSizesAreCheckedWith422s) {
  for (const char* name : {"1abc", "has-dash", "has space", ""}) {
    const auto refused =
        call("POST", "/api/v1/secrets", R"({"name":")" + std::string(name) + R"(","value":"v"})");
    EXPECT_EQ(refused.status, 422) << name << ": " << refused.body;
  }
  const std::string long_name(129, 'A');
  EXPECT_EQ(
      call("POST", "/api/v1/secrets", R"({"name":")" + long_name + R"(","value":"v"})").status,
      422);
  EXPECT_EQ(call("POST", "/api/v1/secrets", R"({"name":"EMPTY","value":""})").status, 422);
  EXPECT_EQ(call("POST", "/api/v1/secrets", R"({"name":"NOVALUE"})").status, 422);
  EXPECT_EQ(call("POST", "/api/v1/secrets", R"({"name":"X","value":"v","extra":1})").status, 422);
  // 40,000 characters pass the schema, but as UTF-8 they are 80,000 bytes: over 64 KiB.
  std::string wide;
  for (int i = 0; i < 40000; ++i)
    wide += "\xc3\xa9";
  const auto too_big =
      call("POST", "/api/v1/secrets", R"({"name":"BIG","value":")" + wide + R"("})");
  ASSERT_EQ(too_big.status, 422) << too_big.body.substr(0, 300);
  EXPECT_NE(too_big.body.find(R"("loc":["body","value"])"), std::string::npos) << too_big.body;
  EXPECT_NE(too_big.body.find("string_too_long"), std::string::npos);
  EXPECT_EQ(call("GET", "/api/v1/secrets/BIG").status, 404);
  createSecret("SMALL", "v");
  EXPECT_EQ(call("PUT", "/api/v1/secrets/SMALL", R"({"value":")" + wide + R"("})").status, 422);
  EXPECT_EQ(call("PUT", "/api/v1/secrets/SMALL", "{}").status, 422);
}

TEST_P(Secrets, ViewersReadMetadataOnlyAndOtherWorkspacesAre404) {
  createSecret("SHARED", kCanary);
  const std::string workspace = personalWorkspace(token_);
  const std::string grace = accessToken("grace@example.com");
  const std::string query = "?workspace_id=" + workspace;
  EXPECT_EQ(call("GET", "/api/v1/secrets" + query, "", grace).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/secrets/SHARED" + query, "", grace).status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/secrets/SHARED" + query, "", grace).status, 404);
  // Grace's own workspace has no secret of that name.
  EXPECT_EQ(call("GET", "/api/v1/secrets/SHARED", "", grace).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/secrets", "", grace).json()->getValue<int>("total"), 0);

  const auto grace_id =
      call("GET", "/api/v1/auth/me", "", grace).json()->getValue<std::string>("id");
  sql("INSERT INTO workspace_members (id, workspace_id, user_id, role) VALUES ('" +
      store::newUuid() + "', '" + workspace + "', '" + grace_id + "', 'viewer')");
  const std::string viewer = accessToken("grace@example.com");
  EXPECT_EQ(call("GET", "/api/v1/secrets" + query, "", viewer).json()->getValue<int>("total"), 1);
  EXPECT_EQ(call("GET", "/api/v1/secrets/SHARED" + query, "", viewer).status, 200);
  EXPECT_EQ(call("PUT", "/api/v1/secrets/SHARED" + query, R"({"value":"x"})", viewer).status, 403);
  EXPECT_EQ(call("DELETE", "/api/v1/secrets/SHARED" + query, "", viewer).status, 403);
  EXPECT_EQ(call("POST", "/api/v1/secrets",
                 R"({"name":"NEW","value":"v","workspace_id":")" + workspace + "\"}", viewer)
                .status,
            403);
  EXPECT_EQ(call("GET", "/api/v1/secrets/SHARED" + query).status, 200);  // still there
}

TEST_P(Secrets, WithoutAMasterKeyTheStoreIsOffAndSaysSo) {
  rows_.reset();
  host_.reset();
  host_ = std::make_unique<AuthHost>(GetParam(), hostYaml("ORCHESTRA_TEST_NO_SUCH_KEY"));
  rows_ = std::make_unique<ExecutionRows>(host_->database().settings());
  token_ = accessToken("ada@example.com");
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/api/v1/secrets"},
                                                        {"GET", "/api/v1/secrets/X"},
                                                        {"DELETE", "/api/v1/secrets/X"}}) {
    const auto off = call(method, path);
    EXPECT_EQ(off.status, 503) << method << " " << path;
    EXPECT_EQ(off.json()->getValue<std::string>("detail"),
              "Secrets are off: this host has no master key. Set ORCHESTRA_TEST_NO_SUCH_KEY to "
              "the base64 of 32 random bytes and restart it");
  }
  EXPECT_EQ(call("POST", "/api/v1/secrets", R"({"name":"X","value":"v"})").status, 503);
  std::size_t warnings = 0;
  for (const std::string& line : host_->process().outputLines()) {
    if (line.find("secrets store off") != std::string::npos) ++warnings;
  }
  EXPECT_EQ(warnings, 1U);

  HttpSink sink;
  const std::string id = runWorkflow(canaryGraph(sink));
  EXPECT_EQ(rows_->execution(id).status, "failed");
  EXPECT_NE(rows_->execution(id).error.find("secrets are off in this host"), std::string::npos)
      << rows_->execution(id).error;
}

TEST_P(Secrets, ACanaryUsedByAWorkflowNeverLeavesTheHost) {
  createSecret("CANARY", kCanary);
  HttpSink sink;
  const std::string id = runWorkflow(canaryGraph(sink));
  ASSERT_EQ(rows_->execution(id).status, "completed") << rows_->execution(id).error;
  EXPECT_EQ(sink.count(std::string("/hook/") + kCanary), 1U);  // the real value went out

  const auto nodes = rows_->nodes(id);
  EXPECT_EQ(storedPortValue(nodes.at("echo"))
                .extract<Poco::JSON::Object::Ptr>()
                ->getValue<std::string>("wrapped"),
            "Bearer [redacted]");
  EXPECT_EQ(storedPortValue(nodes.at("after"))
                .extract<Poco::JSON::Object::Ptr>()
                ->getValue<std::string>("seen"),
            "[redacted]");
  for (const std::string& path :
       {"/api/v1/executions/" + id, "/api/v1/executions/" + id + "/nodes",
        "/api/v1/executions/" + id + "/logs", std::string("/api/v1/executions")}) {
    EXPECT_EQ(call("GET", path).status, 200) << path;  // call() checks the body for the canary
  }

  // A node that fails with the secret in its URL: the error is stored and answered redacted.
  sink.script("/fail/" + std::string(kCanary), {404});
  const std::string failed = runWorkflow(
      graph({node("start", "core.trigger.manual", "{}"),
             node("call", "core.http_request",
                  R"({"url":")" + sink.url("/fail/") + R"({{ secrets.CANARY }}","method":"GET"})")},
            {edge("start", "call")}));
  EXPECT_EQ(sink.count(std::string("/fail/") + kCanary), 1U);
  EXPECT_EQ(rows_->execution(failed).status, "failed");
  EXPECT_NE(rows_->execution(failed).error.find("HTTP 404 from"), std::string::npos)
      << rows_->execution(failed).error;
  EXPECT_NE(rows_->execution(failed).error.find("/fail/[redacted]"), std::string::npos)
      << rows_->execution(failed).error;
  EXPECT_EQ(call("GET", "/api/v1/executions/" + failed + "/nodes").status, 200);
  EXPECT_EQ(call("GET", "/api/v1/executions/" + failed + "/logs").status, 200);

  // An unknown name fails the node naming the secret.
  const std::string unknown = runWorkflow(
      graph({node("start", "core.trigger.manual", "{}"),
             node("echo", "core.set", R"({"values":{"token":"{{ secrets.NOT_THERE }}"}})")},
            {edge("start", "echo")}));
  EXPECT_EQ(rows_->execution(unknown).status, "failed");
  EXPECT_NE(rows_->execution(unknown).error.find("secrets.NOT_THERE: no secret named 'NOT_THERE'"),
            std::string::npos)
      << rows_->execution(unknown).error;

  EXPECT_EQ(host_->process().output().find(kCanary), std::string::npos);
  if (GetParam() == DialectKind::Sqlite) {
    host_->process().stop();  // the WAL is checkpointed or still on disk: read both
    const std::string file = host_->database().url().substr(std::string("sqlite:///").size());
    for (const std::string& path : {file, file + "-wal"}) {
      std::ifstream in(path, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      EXPECT_EQ(bytes.find(kCanary), std::string::npos) << path;
      if (path == file) {
        EXPECT_GT(bytes.size(), 0U);
      }
    }
  }
}

TEST_P(Secrets, TamperedAndSwappedRowsAreRefusedNeverRead) {
  createSecret("FIRST", "first-value");
  createSecret("SECOND", "second-value");
  createSecret("THIRD", "third-value");
  const auto first = sealedColumns("FIRST");
  const auto second = sealedColumns("SECOND");
  sql("UPDATE secrets SET ciphertext = '" + second.first + "', nonce = '" + second.second +
      "' WHERE name = 'FIRST'");
  sql("UPDATE secrets SET ciphertext = '" + first.first + "', nonce = '" + first.second +
      "' WHERE name = 'SECOND'");
  std::string third = sealedColumns("THIRD").first;
  third[0] = third[0] == 'A' ? 'B' : 'A';  // one altered bit or more in the first byte
  sql("UPDATE secrets SET ciphertext = '" + third + "' WHERE name = 'THIRD'");

  HttpSink sink;
  for (const char* name : {"FIRST", "SECOND", "THIRD"}) {
    const std::string id = runWorkflow(canaryGraph(sink, name));
    EXPECT_EQ(rows_->execution(id).status, "failed") << name;
    EXPECT_NE(rows_->execution(id).error.find(
                  "secret '" + std::string(name) +
                  "' cannot be decrypted: its stored value was altered or belongs to another row"),
              std::string::npos)
        << rows_->execution(id).error;
  }
  EXPECT_TRUE(sink.requests().empty());
  EXPECT_EQ(host_->client().request("GET", "/health", "", {}).status, 200);
}

TEST_P(Secrets, RotatingTheMasterKeyKeepsSecretsReadableWithTheNewKeyOnly) {
  createSecret("CANARY", kCanary);
  const auto config = host_->process().directory() / "orchestra.yaml";
  std::map<std::string, std::string> environment = {
      {"ORCHESTRA_TEST_DATABASE_URL", host_->database().url()},
      {"ORCHESTRA_TEST_JWT_SECRET", kTestJwtSecret}};

  // A wrong "current" key changes nothing.
  environment[kKeyVariable] = masterKey('9');
  environment[std::string(kKeyVariable) + "_NEW"] = masterKey('2');
  const auto refused = HostProcess::runToCompletion(
      {"secrets", "rotate-master-key", "--config", config.string()}, environment);
  EXPECT_NE(refused.exit_code, 0) << refused.output;
  EXPECT_NE(refused.output.find("nothing changed"), std::string::npos) << refused.output;

  environment[kKeyVariable] = masterKey('1');
  const auto rotated = HostProcess::runToCompletion(
      {"secrets", "rotate-master-key", "--config", config.string()}, environment);
  ASSERT_EQ(rotated.exit_code, 0) << rotated.output;
  EXPECT_NE(rotated.output.find("re-wrapped 1 workspace key(s)"), std::string::npos)
      << rotated.output;

  HttpSink sink;
  setMasterKey(masterKey('2'));
  host_->restart();
  token_ = accessToken("ada@example.com");
  const std::string with_new = runWorkflow(canaryGraph(sink));
  EXPECT_EQ(rows_->execution(with_new).status, "completed") << rows_->execution(with_new).error;
  EXPECT_EQ(sink.count(std::string("/hook/") + kCanary), 1U);

  setMasterKey(masterKey('1'));
  host_->restart();
  token_ = accessToken("ada@example.com");
  const std::string with_old = runWorkflow(canaryGraph(sink));
  EXPECT_EQ(rows_->execution(with_old).status, "failed");
  EXPECT_NE(rows_->execution(with_old).error.find("not the configured one"), std::string::npos)
      << rows_->execution(with_old).error;
  EXPECT_EQ(sink.count(std::string("/hook/") + kCanary), 1U);
  EXPECT_EQ(call("POST", "/api/v1/secrets", R"({"name":"MORE","value":"v"})").status, 503);
}

INSTANTIATE_TEST_SUITE_P(Dialects, Secrets,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
