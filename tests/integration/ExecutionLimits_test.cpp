// Plugins that misbehave and limits that protect the host: a node that throws, one that
// answers with something that is not JSON, an output over runtime.max_node_output_bytes, a
// foreach over runtime.max_foreach_items, a full queue refusing new executions with 503, and
// the concurrency limits of a workflow and of a workspace.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

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
  std::string workflowWith(const std::string& node_type, const std::string& data,
                           const std::string& settings = "{}") {
    const auto created =
        call("POST", "/api/v1/workflows",
             R"({"name":"limits","settings":)" + settings + "," +
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

  // Starts each workflow in turn, waits for all, and returns their [start, end] times, in the
  // order they were started.
  std::vector<std::pair<std::string, std::string>> runAll(const std::vector<std::string>& flows) {
    std::vector<std::string> ids;
    for (const auto& workflow : flows) {
      const auto started = start(workflow);
      EXPECT_EQ(started.status, 202) << started.body;
      ids.push_back(started.json()->getValue<std::string>("id"));
    }
    std::vector<std::pair<std::string, std::string>> spans;
    for (const auto& id : ids) {
      EXPECT_EQ(rows_->waitFinished(id, 30s).status, "completed") << id;
      const auto read = call("GET", "/api/v1/executions/" + id, "");
      EXPECT_EQ(read.status, 200) << read.body;
      const auto execution = read.json();
      spans.emplace_back(execution->getValue<std::string>("start_time"),
                         execution->getValue<std::string>("end_time"));
    }
    return spans;
  }

  // The most executions that ran at one moment.
  static int mostAtOnce(const std::vector<std::pair<std::string, std::string>>& spans) {
    int most = 0;
    for (const auto& span : spans) {
      const int at_its_start =
          static_cast<int>(std::count_if(spans.begin(), spans.end(), [&](const auto& other) {
            return other.first <= span.first && span.first < other.second;
          }));
      most = std::max(most, at_its_start);
    }
    return most;
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

TEST_P(ExecutionLimits, AWorkflowsConcurrencyLimitRunsItsExecutionsOneAfterAnotherInOrder) {
  startHost("");
  const std::string workflow =
      workflowWith("core.delay", R"({"duration_ms":150})", R"({"concurrency_limit":1})");
  const auto spans = runAll({workflow, workflow, workflow, workflow});
  ASSERT_EQ(spans.size(), 4u);
  for (std::size_t i = 1; i < spans.size(); ++i) {
    // Waiting in the queue, in the order they came: each starts after the one before ended.
    EXPECT_GE(spans[i].first, spans[i - 1].second) << "execution " << i;
  }
}

TEST_P(ExecutionLimits, AWorkspaceConcurrencyLimitHoldsAcrossItsWorkflows) {
  startHost("");
  // Set as PATCH /workspaces/{id} stores it; the host reads it when an execution is queued.
  Poco::Data::Session session = rows_->database().session();
  rows_->database().execute(
      session, R"(UPDATE workspaces SET settings = '{"max_concurrent_executions":2}')");
  const std::string first = workflowWith("core.delay", R"({"duration_ms":300})");
  const std::string second = workflowWith("core.delay", R"({"duration_ms":300})");
  const auto spans = runAll({first, second, first, second, first, second});
  ASSERT_EQ(spans.size(), 6u);
  EXPECT_LE(mostAtOnce(spans), 2);
}

INSTANTIATE_TEST_SUITE_P(Dialects, ExecutionLimits,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
