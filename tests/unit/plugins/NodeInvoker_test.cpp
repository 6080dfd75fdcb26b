// A node that misbehaves (throws, answers garbage, fails, emits on an undeclared port, gets a
// config its schema refuses) is reported as a failed outcome and the host process keeps going.
#include "host/plugins/NodeInvoker.hpp"

#include <dlfcn.h>
#include <gtest/gtest.h>

#include "host/plugins/PluginLoader.hpp"

namespace orchestra::plugins {
namespace {

std::string fixture(const std::string& name) {
  return std::string(ORCHESTRA_FIXTURE_PLUGIN_DIR) + "/lib" + name + ".so";
}

class NodeInvokerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto* name : {"fixture_misbehaving", "fixture_throwing"}) {
      config::PluginLoadSpec spec;
      spec.file = fixture(name);
      spec.required = true;
      const auto& record = loader_.load(spec, {});
      ASSERT_EQ(record.state, PluginState::Loaded) << record.failure;
    }
  }
  void TearDown() override { loader_.shutdownAll(); }

  NodeOutcome run(const std::string& node_type, const std::string& config = "{}") {
    const auto* type = registry_.nodeTypes().find(node_type);
    EXPECT_NE(type, nullptr) << node_type;
    if (type == nullptr) return {};
    NodeInstance instance(*type, config);
    if (!instance.ok()) return instance.creationFailure();
    NodeRun node_run;
    node_run.input_json = R"({"main":{"x":1}})";
    node_run.idempotency_key = "exec-1/node-1/0";
    return instance.execute(node_run);
  }

  PluginRegistry registry_;
  HostServices services_;
  PluginLoader loader_{registry_, services_};
};

TEST_F(NodeInvokerTest, WellBehavedNodeEmitsItsPorts) {
  const NodeOutcome outcome = run("fixture.echo2");
  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  ASSERT_EQ(outcome.ports.size(), 1U);
  EXPECT_EQ(outcome.ports[0].first, "main");
  EXPECT_EQ(outcome.ports[0].second, R"({"x":1})");
}

// Regression: an instance created alongside an error status used to leak.
TEST_F(NodeInvokerTest, InstanceCreatedAlongsideAnErrorIsDestroyed) {
  void* library = dlopen(fixture("fixture_misbehaving").c_str(), RTLD_LAZY | RTLD_NOLOAD);
  ASSERT_NE(library, nullptr) << dlerror();
  using LiveInstances = int (*)();
  const auto live = reinterpret_cast<LiveInstances>(dlsym(library, "fixture_live_instances"));
  ASSERT_NE(live, nullptr) << dlerror();
  const int before = live();
  const NodeOutcome outcome = run("fixture.half_created");
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_message, "half-created instance refused");
  EXPECT_EQ(live(), before);
  dlclose(library);
}

TEST_F(NodeInvokerTest, ThrowingNodeBecomesAnErrorWithItsMessage) {
  const NodeOutcome outcome = run("fixture.throws");
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.error_message.find("boom from inside the plugin"), std::string::npos)
      << outcome.error_message;
  EXPECT_EQ(outcome.error_class, ErrorClass::Permanent);
}

TEST_F(NodeInvokerTest, GarbageJsonIsReportedNotTrusted) {
  const NodeOutcome outcome = run("fixture.garbage");
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.error_message.find("not a JSON object of ports"), std::string::npos)
      << outcome.error_message;
}

TEST_F(NodeInvokerTest, ErrorStatusKeepsItsClassAndMessage) {
  const NodeOutcome outcome = run("fixture.fails");
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.status, ORC_ERR_UNAVAILABLE);
  EXPECT_EQ(outcome.error_class, ErrorClass::Transient);
  EXPECT_EQ(outcome.error_message, "upstream service unavailable");
}

TEST_F(NodeInvokerTest, UndeclaredPortIsRefused) {
  const NodeOutcome outcome = run("fixture.undeclared");
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.error_message.find("undeclared port \"nope\""), std::string::npos);
}

TEST_F(NodeInvokerTest, ConfigAgainstTheSchemaIsValidatedBeforeCreate) {
  const NodeOutcome outcome = run("fixture.echo2", R"({"label": 5})");
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_class, ErrorClass::Validation);
  EXPECT_NE(outcome.error_message.find("/label"), std::string::npos) << outcome.error_message;
  EXPECT_FALSE(run("fixture.echo2", "{not json").ok);
}

TEST_F(NodeInvokerTest, TheHostKeepsWorkingAfterMisbehaviour) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(run("fixture.throws").ok);
    EXPECT_FALSE(run("fixture.garbage").ok);
  }
  EXPECT_TRUE(run("fixture.echo2").ok);
}

}  // namespace
}  // namespace orchestra::plugins
