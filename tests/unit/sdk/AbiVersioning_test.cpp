// Version and size rules of ABI v1 as the wrapper and the fake host apply them: old or foreign
// tables are refused before plugin code runs, duplicates are refused, the entry macro works.
#include <gtest/gtest.h>

#include <string>

#include "orchestra/sdk/Compatibility.hpp"
#include "orchestra/sdk/Sdk.hpp"
#include "orchestra/sdk/testing/FakeHost.hpp"

namespace sdk = orchestra::sdk;
using sdk::testing::FakeHost;

namespace {

class EchoNode : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe() {
    sdk::ExtensionInfo info;
    info.id = "test.echo";
    info.display_name = "Echo";
    info.outputs = {{"main", 0}};
    return info;
  }
  explicit EchoNode(const sdk::Json&) {}
  sdk::NodeResult execute(sdk::NodeContext& context) const override {
    return sdk::NodeResult::on("main", context.input());
  }
};

struct EchoPlugin {
  static constexpr sdk::PluginInfo info{"test.echo_plugin", "1.0.0", "Echo", ""};
  static void init(sdk::Registrar& registrar) { registrar.addNodeType<EchoNode>(); }
};

using EchoFactory = sdk::detail::Factory<sdk::NodeType, EchoNode>;

// The instance a test created through the factory, destroyed however the test ends.
struct CreatedInstance {
  CreatedInstance() = default;
  CreatedInstance(const CreatedInstance&) = delete;
  CreatedInstance& operator=(const CreatedInstance&) = delete;
  ~CreatedInstance() {
    if (instance != nullptr) EchoFactory::destroy(instance);
  }
  orc_instance* instance = nullptr;
};

struct DuplicatePlugin {
  static constexpr sdk::PluginInfo info{"test.duplicate", "1.0.0", "Duplicate", ""};
  static void init(sdk::Registrar& registrar) {
    registrar.addNodeType<EchoNode>();
    registrar.addNodeType<EchoNode>();
  }
};

inline bool shut_down = false;
struct ShutdownPlugin {
  static constexpr sdk::PluginInfo info{"test.shutdown", "1.0.0", "Shutdown", ""};
  static void init(sdk::Registrar& registrar) {
    if (registrar.config().stringOr("mode", "") == "fail") throw std::runtime_error("bad mode");
  }
  static void shutdown() { shut_down = true; }
};

// The ORCHESTRA_PLUGIN macro, as a plugin's .so uses it.
struct MacroPlugin {
  static constexpr sdk::PluginInfo info{"test.macro", "2.3.4", "Macro", "entry via the macro"};
  static void init(sdk::Registrar& registrar) { registrar.addNodeType<EchoNode>(); }
};

}  // namespace

ORCHESTRA_PLUGIN(MacroPlugin)

namespace {

TEST(AbiVersioning, TheEntryMacroReturnsTheDescriptor) {
  const orc_plugin_descriptor* descriptor = orc_plugin_entry_v1();
  ASSERT_NE(descriptor, nullptr);
  EXPECT_EQ(descriptor->struct_size, sizeof(orc_plugin_descriptor));
  EXPECT_EQ(descriptor->abi_major, ORC_ABI_VERSION_MAJOR);
  EXPECT_EQ(descriptor->abi_minor, ORC_ABI_VERSION_MINOR);
  EXPECT_EQ(sdk::toStringView(descriptor->id), "test.macro");
  EXPECT_EQ(sdk::toStringView(descriptor->version), "2.3.4");
  FakeHost host;
  EXPECT_EQ(host.load(descriptor), "");
  EXPECT_EQ(host.nodeTypeIds(), std::vector<std::string>{"test.echo"});
}

TEST(AbiVersioning, TheWrapperRefusesAHostTableSmallerThanV1_0) {
  FakeHost host;
  host.api().struct_size = ORC_V1_0_SIZE_HOST_API - sizeof(void*);
  std::string failure = host.load(sdk::pluginDescriptor<EchoPlugin>());
  EXPECT_EQ(failure, "on_init failed (ABI version mismatch)");
  EXPECT_TRUE(host.nodeTypeIds().empty());
}

TEST(AbiVersioning, TheWrapperRefusesAHostOfAnotherMajor) {
  FakeHost host;
  host.api().abi_major = 2;
  EXPECT_EQ(host.load(sdk::pluginDescriptor<EchoPlugin>()),
            "on_init failed (ABI version mismatch)");
}

TEST(AbiVersioning, TheWrapperCopiesAnOlderHostTableIntoAZeroedOne) {
  // A 1.0 host handing a table to a plugin built for 1.x: fields past struct_size read as null.
  orc_host_api api{};
  api.struct_size = ORC_V1_0_SIZE_HOST_API;
  api.abi_major = ORC_ABI_VERSION_MAJOR;
  api.host = reinterpret_cast<orc_host*>(&api);
  sdk::HostApi facade;
  EXPECT_EQ(facade.adopt(&api), "");
  EXPECT_EQ(facade.raw().host_http_request, nullptr);
  EXPECT_THROW(facade.httpRequest(sdk::HttpRequest{}), sdk::Error);
}

TEST(AbiVersioning, TheHostChecksRefuseForeignDescriptors) {
  orc_plugin_descriptor descriptor = *sdk::pluginDescriptor<EchoPlugin>();
  EXPECT_EQ(sdk::checkPluginDescriptor(&descriptor), "");

  orc_plugin_descriptor newer = descriptor;
  newer.abi_minor = ORC_ABI_VERSION_MINOR + 1;
  EXPECT_NE(sdk::checkPluginDescriptor(&newer).find("newer than this host's"), std::string::npos);

  orc_plugin_descriptor other_major = descriptor;
  other_major.abi_major = 2;
  EXPECT_EQ(sdk::checkPluginDescriptor(&other_major),
            "built for ABI major 2, this host speaks major 1");

  orc_plugin_descriptor small = descriptor;
  small.struct_size = 16;
  EXPECT_NE(sdk::checkPluginDescriptor(&small).find("smaller than ABI v1.0's"), std::string::npos);

  EXPECT_EQ(sdk::checkPluginDescriptor(nullptr), "orc_plugin_entry_v1 returned no descriptor");
  FakeHost host;
  EXPECT_NE(host.load(&newer), "");
}

TEST(AbiVersioning, AResultStructSmallerThanV1_0IsRefused) {
  FakeHost host;
  ASSERT_EQ(host.load(sdk::pluginDescriptor<EchoPlugin>()), "");
  // Drive the trampoline directly with a too-small result, as a broken host would.
  CreatedInstance created;
  orc_result create_result{};
  create_result.struct_size = sizeof create_result;
  ASSERT_EQ(
      EchoFactory::create(sdk::HostApi(), sdk::toOrcStr("{}"), &created.instance, &create_result),
      ORC_OK);
  orc_node_execute_request request{};
  request.struct_size = sizeof request;
  orc_result small{};
  small.struct_size = 8;
  EXPECT_EQ(sdk::detail::executeNode(created.instance, &request, &small), ORC_ERR_VERSION);
  EXPECT_EQ(small.data.data, nullptr);
}

TEST(AbiVersioning, ARequestSmallerThanV1_0FailsTheCall) {
  FakeHost host;
  sdk::HostApi facade;
  ASSERT_EQ(facade.adopt(&host.api()), "");
  CreatedInstance created;
  orc_result result{};
  result.struct_size = sizeof result;
  ASSERT_EQ(EchoFactory::create(facade, sdk::toOrcStr("{}"), &created.instance, &result), ORC_OK);
  orc_node_execute_request small{};
  small.struct_size = 8;
  EXPECT_EQ(sdk::detail::executeNode(created.instance, &small, &result), ORC_ERR_VERSION);
  sdk::HostBuffer message = facade.adoptBuffer(result.error_message);
  EXPECT_EQ(message.view(), "the node execute request is smaller than ABI v1.0's");
  message.reset();
  EXPECT_EQ(host.liveBuffers(), 0u);
}

TEST(AbiVersioning, RetryAfterIsWrittenOnlyIntoAResultThatHasTheField) {
  FakeHost host;
  sdk::HostApi facade;
  ASSERT_EQ(facade.adopt(&host.api()), "");
  const auto failWith = [&](uint32_t struct_size) {
    orc_result result{};
    result.struct_size = struct_size;
    result.retry_after_ms = -7;  // past a v1.0 struct: not the plugin's to write
    sdk::detail::guarded(facade, &result, [&]() -> orc_status {
      throw sdk::Error::transient("rate limited", 2000);
    });
    facade.adoptBuffer(result.error_message).reset();
    return result.retry_after_ms;
  };
  EXPECT_EQ(failWith(sizeof(orc_result)), 2000);
  EXPECT_EQ(failWith(ORC_V1_0_SIZE_RESULT), -7);  // a host older than 1.3
  EXPECT_EQ(host.liveBuffers(), 0u);

  // And a 1.2 host's table has no node runs: the wrapper says so instead of calling NULL.
  orc_host_api old_table = host.api();
  old_table.struct_size = ORC_V1_2_SIZE_HOST_API;
  sdk::HostApi older;
  ASSERT_EQ(older.adopt(&old_table), "");
  EXPECT_EQ(older.raw().host_run_node, nullptr);
  try {
    older.describeNodeType("core.set");
    ADD_FAILURE() << "an ABI 1.2 host described a node type";
  } catch (const sdk::Error& error) {
    EXPECT_EQ(error.status(), ORC_ERR_UNSUPPORTED);
  }
}

TEST(AbiVersioning, DuplicateIdsAreRefusedAndInitFails) {
  FakeHost host;
  std::string failure = host.load(sdk::pluginDescriptor<DuplicatePlugin>());
  EXPECT_EQ(failure,
            "on_init failed (already exists): registering node type 'test.echo': already exists");
  EXPECT_TRUE(host.nodeTypeIds().empty());
}

TEST(AbiVersioning, InitSeesItsConfigAndShutdownRuns) {
  {
    FakeHost host;
    EXPECT_EQ(host.load(sdk::pluginDescriptor<ShutdownPlugin>(), R"({"mode": "fail"})"),
              "on_init failed (internal error): bad mode");
  }
  EXPECT_FALSE(shut_down) << "a plugin whose init failed is not shut down";
  {
    FakeHost host;
    EXPECT_EQ(host.load(sdk::pluginDescriptor<ShutdownPlugin>(), R"({"mode": "ok"})"), "");
  }
  EXPECT_TRUE(shut_down);
}

TEST(AbiVersioning, ExtensionIdsAreNamespaced) {
  EXPECT_TRUE(sdk::isValidExtensionId("core.http_request"));
  EXPECT_TRUE(sdk::isValidExtensionId("com.acme.crm/lookup"));
  EXPECT_FALSE(sdk::isValidExtensionId("lookup"));
  EXPECT_FALSE(sdk::isValidExtensionId("Core.If"));
  EXPECT_FALSE(sdk::isValidExtensionId("core..if"));
  EXPECT_FALSE(sdk::isValidExtensionId("com.acme/a/b"));
  EXPECT_FALSE(sdk::isValidExtensionId("core.if/"));
}

}  // namespace
