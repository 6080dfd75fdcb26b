// Plugins that misbehave and limits that protect the host: a node that throws, one that
// answers with something that is not JSON, an output over runtime.max_node_output_bytes, a
// foreach over runtime.max_foreach_items, and a full queue refusing new executions with 503.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/ExecutionTestSupport.hpp"

namespace orchestra::testing {
namespace {

using namespace std::chrono_literals;
using store::DialectKind;

std::string loadPlugin(const std::string& directory, const std::string& file) {
  return "    - file: \"" + directory + "/" + file + "\"\n      required: true\n";
}

class ExecutionLimits : public ::testing::TestWithParam<DialectKind> {
 protected:
  void startHost(const std::string& runtime_yaml) {
    host_ = std::make_unique<AuthHost>(
        GetParam(), "plugins:\n  load:\n" +
                        loadPlugin(ORCHESTRA_PLUGIN_BUILD_DIR, "libcore_nodes.so") +
                        loadPlugin(ORCHESTRA_FIXTURE_PLUGIN_DIR, "libfixture_misbehaving.so") +
                        loadPlugin(ORCHESTRA_FIXTURE_PLUGIN_DIR, "libfixture_throwing.so") +
                        "runtime:\n  retry_delays_ms: [\"20\"]\n  retry_max: 1\n" + runtime_yaml);
    const auto login = host_->login("ada@example.com");
    ASSERT_EQ(login.status, 200) << login.body;
    token_ = login.json()->getValue<std::string>("access_token");
    rows_ = std::make_unique<ExecutionRows>(host_->database().settings());
  }

  HttpResult call(const std::string& method, const std::string& path, const std::string& body) {
    return host_->client().request(method, path, body, {{"Authorization", "Bearer " + token_}});
  }

  // trigger → `node_type` with `data`; returns the workflow id.
  std::string workflowWith(const std::string& node_type, const std::string& data) {
    const auto created =
        call("POST", "/api/v1/workflows",
             R"({"name":"limits",)" +
                 graph({node("start", "core.trigger.manual", "{}"), node("step", node_type, data)},
                       {edge("start", "step")}) +
                 "}");
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json()->getValue<std::string>("id");
  }

  HttpResult start(const std::string& workflow, const std::string& trigger_data = "{}") {
    return call("POST", "/api/v1/executions",
                R"({"workflow_id":")" + workflow + R"(","trigger_data":)" + trigger_data + "}");
  }

  StoredExecution run(const std::string& workflow, const std::string& trigger_data = "{}") {
    const auto started = start(workflow, trigger_data);
    EXPECT_EQ(started.status, 202) << started.body;
    return rows_->waitFinished(started.json()->getValue<std::string>("id"), 20s);
  }

  std::unique_ptr<AuthHost> host_;
  std::unique_ptr<ExecutionRows> rows_;
  std::string token_;
};

TEST_P(ExecutionLimits, MisbehavingPluginsFailTheirNodeCleanlyAndTheHostStaysHealthy) {
  startHost("");
  const StoredExecution threw = run(workflowWith("fixture.throws", "{}"));
  EXPECT_EQ(threw.status, "failed");
  EXPECT_NE(threw.error.find("boom from inside the plugin"), std::string::npos) << threw.error;

  const StoredExecution garbage = run(workflowWith("fixture.garbage", "{}"));
  EXPECT_EQ(garbage.status, "failed");
  EXPECT_NE(garbage.error.find("not a JSON object of ports"), std::string::npos) << garbage.error;

  EXPECT_EQ(host_->client().request("GET", "/health", "", {}).status, 200);
}

TEST_P(ExecutionLimits, OversizedOutputsAndForEachListsFailNamingTheNodeAndTheLimit) {
  startHost("  max_node_output_bytes: 1024\n  max_foreach_items: 5\n");
  // The trigger's own output stays under the limit; the node triples it.
  const std::string text(600, 'x');
  const StoredExecution output = run(
      workflowWith(
          "core.set",
          R"({"values":{"text":"{{ trigger.data.text }}{{ trigger.data.text }}{{ trigger.data.text }}"}})"),
      R"({"text":")" + text + "\"}");
  EXPECT_EQ(output.status, "failed");
  EXPECT_NE(output.error.find("node 'step'"), std::string::npos) << output.error;
  EXPECT_NE(output.error.find("runtime.max_node_output_bytes"), std::string::npos) << output.error;

  const StoredExecution items =
      run(workflowWith("core.foreach", R"({"items":"{{ trigger.data.list }}"})"),
          R"({"list":[1,2,3,4,5,6,7]})");
  EXPECT_EQ(items.status, "failed");
  EXPECT_NE(items.error.find("runtime.max_foreach_items"), std::string::npos) << items.error;
}

TEST_P(ExecutionLimits, AFullQueueRefusesNewExecutionsWith503AndKeepsTheQueuedOnes) {
  // An instance that only queues (an API role): nothing drains the queue while we fill it.
  startHost("  enabled: false\n  max_queue_depth: 2\n");
  const std::string workflow = workflowWith("core.set", R"({"values":{"a":1}})");
  EXPECT_EQ(start(workflow).status, 202);
  EXPECT_EQ(start(workflow).status, 202);
  const auto refused = start(workflow);
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_NE(refused.body.find("Too many executions"), std::string::npos) << refused.body;
  EXPECT_EQ(rows_->countWithStatus("pending"), 2);
}

INSTANTIATE_TEST_SUITE_P(Dialects, ExecutionLimits,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
