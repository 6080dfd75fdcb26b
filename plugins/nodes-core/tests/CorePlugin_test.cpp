#include <dlfcn.h>

#include "CoreNodesFixture.hpp"

namespace orchestra::plugins::core {
namespace {

using sdk::Json;

TEST_F(CoreNodesTest, RegistersEveryCoreNodeType) {
  std::vector<std::string> expected = {"core.delay",
                                       "core.foreach",
                                       "core.http_request",
                                       "core.if",
                                       "core.loop",
                                       "core.merge",
                                       "core.set",
                                       "core.switch",
                                       "core.trigger.cron",
                                       "core.trigger.event",
                                       "core.trigger.manual",
                                       "core.trigger.webhook"};
  EXPECT_EQ(host_.nodeTypeIds(), expected);
  EXPECT_EQ(host_.pluginId(), "core");
}

TEST_F(CoreNodesTest, EverySchemaIsAClosedObject) {
  for (const std::string& id : host_.nodeTypeIds()) {
    const Json& schema = at(host_.nodeTypeInfo(id), {"config_schema"});
    EXPECT_EQ(at(schema, {"type"}), Json("object")) << id;
    EXPECT_EQ(at(schema, {"additionalProperties"}), Json(false)) << id;
  }
}

TEST_F(CoreNodesTest, PortsMatchTheNodeKinds) {
  EXPECT_EQ(at(host_.nodeTypeInfo("core.if"), {"outputs"}), json(R"(["true","false"])"));
  EXPECT_EQ(at(host_.nodeTypeInfo("core.foreach"), {"outputs"}), json(R"(["items","done"])"));
  EXPECT_EQ(at(host_.nodeTypeInfo("core.merge"), {"inputs"}),
            json(R"(["input_0","input_1","input_2","input_3"])"));
  EXPECT_EQ(at(host_.nodeTypeInfo("core.trigger.manual"), {"inputs"}), json("[]"));
  EXPECT_EQ(at(host_.nodeTypeInfo("core.switch"), {"outputs"}), json(R"(["default"])"));
}

TEST_F(CoreNodesTest, AuthorizationHeaderValuesAreSecret) {
  const Json& headers =
      at(host_.nodeTypeInfo("core.http_request"), {"config_schema", "properties", "headers"});
  EXPECT_EQ(at(headers, {"properties", "Authorization", "secret"}), Json(true));
  const Json& patterns = at(headers, {"patternProperties"});
  ASSERT_EQ(patterns.asObject().size(), 1u);
  EXPECT_EQ(at(patterns.asObject().begin()->second, {"secret"}), Json(true));
}

TEST_F(CoreNodesTest, UnknownConfigKeysAreRefusedOnCreate) {
  sdk::Error error = createError("core.delay", R"({"duration_ms":1,"durration_ms":2})");
  EXPECT_EQ(error.status(), ORC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(error.errorClass(), sdk::ErrorClass::Validation);
  EXPECT_NE(std::string(error.what()).find("durration_ms"), std::string::npos);
}

TEST_F(CoreNodesTest, NoHostBufferLeaksAfterRuns) {
  run("core.set", R"({"values":{"a":1}})");
  run("core.if", R"({"condition":{"left":1,"operator":"gt","right":"x"}})");
  EXPECT_EQ(host_.liveBuffers(), 0u);
  EXPECT_EQ(host_.invalidFrees(), 0u);
  EXPECT_TRUE(host_.misuses().empty());
}

// The built library, loaded the way the host loads plugins, registers the same node types.
TEST(CoreNodesLibrary, LoadsThroughItsExportedEntry) {
  void* library = dlopen(ORCHESTRA_CORE_NODES_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(library, nullptr) << dlerror();  // NOLINT(concurrency-mt-unsafe): one thread here
  auto entry = reinterpret_cast<orc_plugin_entry_fn>(dlsym(library, ORC_PLUGIN_ENTRY_SYMBOL));
  ASSERT_NE(entry, nullptr);
  {
    sdk::testing::FakeHost host;
    ASSERT_EQ(host.load(entry()), "");
    EXPECT_EQ(host.nodeTypeIds().size(), 12u);
    auto outcome = host.execute(host.createNode("core.trigger.manual"), R"({"main":{"x":1}})");
    ASSERT_TRUE(outcome.ok()) << outcome.error_message;
    EXPECT_EQ(outcome.output("main"), Json::parse(R"({"x":1})"));
  }
  dlclose(library);
}

}  // namespace
}  // namespace orchestra::plugins::core
