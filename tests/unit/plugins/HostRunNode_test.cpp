// host_describe_node_type and host_run_node (ABI 1.3) against the real core nodes: a node type
// run once on behalf of a calling node, and every refusal (no caller, a trigger, too deep).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "host/plugins/ExecutionSecrets.hpp"
#include "host/plugins/HostApi.hpp"
#include "host/plugins/PluginLoader.hpp"
#include "host/plugins/PluginRegistry.hpp"

namespace orchestra::plugins {
namespace {

// Redacts one value, as the runtime's secrets of an execution would after revealing it.
class OneSecret final : public ExecutionSecrets {
 public:
  std::optional<std::string> reveal(const std::string&) override { return "s3cret-value"; }
  void redact(std::string& text) const override {
    for (auto at = text.find("s3cret-value"); at != std::string::npos;
         at = text.find("s3cret-value"))
      text.replace(at, 12, "[redacted]");
  }
};

struct Answer {
  orc_status status = ORC_OK;
  orc_error_class error_class = ORC_ERROR_CLASS_NONE;
  std::string data;
  std::string error;
};

class HostRunNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    services_.registry = &registry_;
    config::PluginLoadSpec spec;
    spec.file = std::string(ORCHESTRA_PLUGIN_BUILD_DIR) + "/libcore_nodes.so";
    spec.required = true;
    const auto& record = loader_.load(spec, {});
    ASSERT_EQ(record.state, PluginState::Loaded) << record.failure;
    exec_.idempotency_key = "execution-1:agent";
    exec_.ai_context.execution_id = "execution-1";
    exec_.ai_context.node_id = "agent";
  }
  void TearDown() override { loader_.shutdownAll(); }

  static Answer answerOf(orc_status status, orc_result& result) {
    return {status, result.error_class, takeBuffer(result.data), takeBuffer(result.error_message)};
  }
  Answer describe(const std::string& type) {
    orc_result result{};
    result.struct_size = sizeof result;
    const orc_status status = api_.host_describe_node_type(api_.host, toOrcStr(type), &result);
    return answerOf(status, result);
  }
  Answer run(orc_exec* exec, const std::string& type, const std::string& config,
             const std::string& input = R"({"main":{"b":2}})") {
    orc_result result{};
    result.struct_size = sizeof result;
    const orc_status status = api_.host_run_node(api_.host, exec, toOrcStr(type), toOrcStr(config),
                                                 toOrcStr(input), &result);
    return answerOf(status, result);
  }

  PluginRegistry registry_;
  HostServices services_;
  PluginLoader loader_{registry_, services_};
  orc_host host_{"ai.tools", "plugin.ai.tools", &services_};
  orc_host_api api_ = makeHostApi(&host_);
  orc_exec exec_;
};

TEST_F(HostRunNodeTest, DescribesANodeTypeOrSaysItIsNotLoaded) {
  const Answer set = describe("core.set");
  ASSERT_EQ(set.status, ORC_OK) << set.error;
  EXPECT_NE(set.data.find(R"("id":"core.set")"), std::string::npos) << set.data;
  EXPECT_NE(set.data.find(R"("category":"logic")"), std::string::npos) << set.data;
  EXPECT_NE(set.data.find(R"("config_schema":{"type":"object")"), std::string::npos) << set.data;
  EXPECT_NE(set.data.find(R"("output_ports":["main"])"), std::string::npos) << set.data;
  const Answer missing = describe("no.such");
  EXPECT_EQ(missing.status, ORC_ERR_NOT_FOUND);
  EXPECT_NE(missing.error.find("no.such"), std::string::npos);
}

TEST_F(HostRunNodeTest, RunsANodeTypeOnceOnBehalfOfTheCaller) {
  const Answer set = run(&exec_, "core.set", R"({"values":{"a":1},"keep_input":true})");
  ASSERT_EQ(set.status, ORC_OK) << set.error;
  EXPECT_EQ(set.data, R"({"main":{"a":1,"b":2}})");
  EXPECT_EQ(run(&exec_, "core.set", R"({"values":{"a":1}})").status, ORC_OK);
  EXPECT_EQ(exec_.node_runs.load(), 2U);  // each nested run has a key of its own

  // The schema still rules: the caller learns why, as a validation failure.
  const Answer refused = run(&exec_, "core.set", R"({"nothing":1})");
  EXPECT_EQ(refused.status, ORC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(refused.error_class, ORC_ERROR_CLASS_VALIDATION);
  EXPECT_NE(refused.error.find("config invalid"), std::string::npos) << refused.error;
}

TEST_F(HostRunNodeTest, TheCallersCancellationAndSecretsReachTheNestedRun) {
  exec_.is_cancelled = [] { return true; };
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(run(&exec_, "core.delay", R"({"duration_ms":5000})").status, ORC_ERR_CANCELLED);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));

  exec_.is_cancelled = nullptr;
  OneSecret secrets;
  const ExecutionSecretsScope scope(&secrets);
  const Answer set = run(&exec_, "core.set", R"({"values":{"key":"s3cret-value"}})");
  ASSERT_EQ(set.status, ORC_OK) << set.error;
  EXPECT_EQ(set.data, R"({"main":{"key":"[redacted]"}})");
}

TEST_F(HostRunNodeTest, RefusesWithoutACallerForATriggerAndWhenNestedTooDeep) {
  const Answer orphan = run(nullptr, "core.set", R"({"values":{}})");
  EXPECT_EQ(orphan.status, ORC_ERR_PERMISSION_DENIED);
  EXPECT_NE(orphan.error.find("exec is NULL"), std::string::npos) << orphan.error;

  const Answer trigger = run(&exec_, "core.trigger.manual", "{}");
  EXPECT_EQ(trigger.status, ORC_ERR_PERMISSION_DENIED);
  EXPECT_NE(trigger.error.find("is a trigger"), std::string::npos) << trigger.error;

  EXPECT_EQ(run(&exec_, "no.such", "{}").status, ORC_ERR_NOT_FOUND);

  exec_.nesting_depth = kMaxNodeRunNesting - 2;
  EXPECT_EQ(run(&exec_, "core.set", R"({"values":{}})").status, ORC_OK);
  exec_.nesting_depth = kMaxNodeRunNesting - 1;
  const Answer deep = run(&exec_, "core.set", R"({"values":{}})");
  EXPECT_EQ(deep.status, ORC_ERR_PERMISSION_DENIED);
  EXPECT_NE(deep.error.find("levels deep"), std::string::npos) << deep.error;
}

}  // namespace
}  // namespace orchestra::plugins
