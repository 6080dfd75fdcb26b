// The C++ wrapper seen through the C ABI: exceptions become statuses, ports and the execution
// context travel both ways, and every host buffer is freed by the side the rules name.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "orchestra/sdk/Sdk.hpp"
#include "orchestra/sdk/testing/FakeHost.hpp"

namespace sdk = orchestra::sdk;
using sdk::testing::ExecuteOptions;
using sdk::testing::FakeHost;
using sdk::testing::FakeHttpCall;
using sdk::testing::FakeHttpResponse;

namespace {

sdk::ExtensionInfo nodeInfo(const char* id, std::vector<sdk::Port> outputs = {{"main", 0}}) {
  sdk::ExtensionInfo info;
  info.id = id;
  info.display_name = id;
  info.category = sdk::Category::Logic;
  info.inputs = {{"main", 0}};
  info.outputs = std::move(outputs);
  return info;
}

class ThrowingNode : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe() { return nodeInfo("test.throwing"); }
  explicit ThrowingNode(const sdk::Json&) {}
  sdk::NodeResult execute(sdk::NodeContext&) const override {
    throw std::runtime_error("boom: the plugin threw");
  }
};

class TransientNode : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe() { return nodeInfo("test.transient"); }
  explicit TransientNode(const sdk::Json&) {}
  sdk::NodeResult execute(sdk::NodeContext&) const override {
    throw sdk::Error::transient("upstream answered 503");
  }
};

// core.if in miniature: the branch taken is the port emitted on.
class IfNode : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe() { return nodeInfo("test.if", {{"true", 0}, {"false", 0}}); }
  explicit IfNode(const sdk::Json&) {}
  sdk::NodeResult execute(sdk::NodeContext& context) const override {
    const sdk::Json& input = context.input("main");
    bool condition = input.find("value") != nullptr && input.find("value")->asNumber() > 10;
    return sdk::NodeResult::on(condition ? "true" : "false", input);
  }
};

class ContextNode : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe() { return nodeInfo("test.context"); }
  explicit ContextNode(const sdk::Json&) {}
  sdk::NodeResult execute(sdk::NodeContext& context) const override {
    context.emitProgress("starting", 0);
    context.emitProgress("half way", 50, sdk::Json(sdk::Json::Object{{"step", sdk::Json(1)}}));
    sdk::Json out = sdk::Json::object();
    out["cancelled"] = context.isCancelled();
    out["idempotency_key"] = context.idempotencyKey();
    out["attempt"] = static_cast<int64_t>(context.attempt());
    out["item_index"] = context.itemIndex() ? sdk::Json(*context.itemIndex()) : sdk::Json();
    out["execution_id"] = context.executionId();
    out["greeting"] = context.config().stringOr("greeting", "none");
    return sdk::NodeResult::on("main", out);
  }
};

class CancellableNode : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe() { return nodeInfo("test.cancellable"); }
  explicit CancellableNode(const sdk::Json&) {}
  sdk::NodeResult execute(sdk::NodeContext& context) const override {
    context.throwIfCancelled();
    return sdk::NodeResult::on("main", sdk::Json("ran"));
  }
};

// Uses host calls that hand buffers to the plugin (HTTP response, secret).
class FetchNode : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe() { return nodeInfo("test.fetch"); }
  FetchNode(const sdk::Json&, const sdk::HostApi& host) : host_(host) {}
  sdk::NodeResult execute(sdk::NodeContext& context) const override {
    std::string token = host_.secret("api_token").value_or("");
    sdk::HttpRequest request;
    request.url = "https://api.example.com/items";
    request.headers = {{"authorization", "Bearer " + token}};
    sdk::HttpResponse response = context.httpRequest(request);
    host_.info("fetched");
    sdk::Json out = sdk::Json::object();
    out["status"] = response.status_code;
    out["body"] = response.body;
    out["content_type"] = response.header("content-type").value_or("");
    return sdk::NodeResult::on("main", out);
  }

 private:
  const sdk::HostApi& host_;
};

class BadConfigNode : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe() { return nodeInfo("test.bad_config"); }
  explicit BadConfigNode(const sdk::Json& config) {
    if (!config.contains("url")) throw sdk::Error::validation("config.url is required");
  }
  sdk::NodeResult execute(sdk::NodeContext&) const override { return {}; }
};

struct TestPlugin {
  static constexpr sdk::PluginInfo info{"test.plugin", "0.0.1", "Test plugin", "For unit tests"};
  static void init(sdk::Registrar& registrar) {
    registrar.addNodeType<ThrowingNode>();
    registrar.addNodeType<TransientNode>();
    registrar.addNodeType<IfNode>();
    registrar.addNodeType<ContextNode>();
    registrar.addNodeType<CancellableNode>();
    registrar.addNodeType<FetchNode>();
    registrar.addNodeType<BadConfigNode>();
  }
};

class NodeTypeWrapperTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(host_.load(sdk::pluginDescriptor<TestPlugin>()), ""); }
  void TearDown() override {
    host_.shutdown();
    EXPECT_EQ(host_.liveBuffers(), 0u) << "a host buffer was not freed";
    EXPECT_EQ(host_.invalidFrees(), 0u) << "a buffer was freed twice or by the wrong allocator";
    EXPECT_TRUE(host_.misuses().empty());
  }
  FakeHost host_;
};

TEST_F(NodeTypeWrapperTest, RegistersEveryNodeTypeWithItsPorts) {
  EXPECT_EQ(host_.pluginId(), "test.plugin");
  EXPECT_EQ(host_.nodeTypeIds().size(), 7u);
  EXPECT_EQ(host_.nodeTypeInfo("test.if").find("outputs")->dump(), R"(["true","false"])");
}

TEST_F(NodeTypeWrapperTest, AnExceptionBecomesAnErrorStatusWithItsMessage) {
  auto& node = host_.createNode("test.throwing");
  auto outcome = host_.execute(node, R"({"main": {}})");
  EXPECT_EQ(outcome.status, ORC_ERR_INTERNAL);
  EXPECT_EQ(outcome.error_class, sdk::ErrorClass::Permanent);
  EXPECT_EQ(outcome.error_message, "boom: the plugin threw");
  EXPECT_TRUE(outcome.outputs.empty());
}

TEST_F(NodeTypeWrapperTest, AnSdkErrorKeepsItsClass) {
  auto& node = host_.createNode("test.transient");
  auto outcome = host_.execute(node, "{}");
  EXPECT_EQ(outcome.status, ORC_ERR_UNAVAILABLE);
  EXPECT_EQ(outcome.error_class, sdk::ErrorClass::Transient);
  EXPECT_EQ(outcome.error_message, "upstream answered 503");
}

TEST_F(NodeTypeWrapperTest, TheResultNamesThePortItEmitsOn) {
  auto& node = host_.createNode("test.if");
  auto high = host_.execute(node, R"({"main": {"value": 42}})");
  ASSERT_TRUE(high.ok()) << high.error_message;
  ASSERT_EQ(high.outputs.size(), 1u);
  EXPECT_EQ(high.output("true").dump(), R"({"value":42})");

  auto low = host_.execute(node, R"({"main": {"value": 1}})");
  ASSERT_EQ(low.outputs.size(), 1u);
  EXPECT_EQ(low.outputs.count("false"), 1u);
}

TEST_F(NodeTypeWrapperTest, ProgressCancellationAndIdempotencyKeyReachTheNode) {
  host_.idempotency_key = "exec-7/node-3/item-2";
  auto& node = host_.createNode("test.context", R"({"greeting": "{{ trigger.data.greeting }}"})");
  ExecuteOptions options;
  options.config_json = R"({"greeting": "hi"})";  // what the runtime resolved
  options.attempt = 2;
  options.item_index = 2;
  auto outcome = host_.execute(node, "{}", options);
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  const sdk::Json& out = outcome.output("main");
  EXPECT_EQ(out.find("idempotency_key")->asString(), "exec-7/node-3/item-2");
  EXPECT_FALSE(out.find("cancelled")->asBool());
  EXPECT_EQ(out.find("attempt")->asInt(), 2);
  EXPECT_EQ(out.find("item_index")->asInt(), 2);
  EXPECT_EQ(out.find("execution_id")->asString(), "test-execution");
  EXPECT_EQ(out.find("greeting")->asString(), "hi");

  auto progress = host_.progress();
  ASSERT_EQ(progress.size(), 2u);
  EXPECT_EQ(progress[0].dump(), R"({"message":"starting","percent":0})");
  EXPECT_EQ(progress[1].dump(), R"({"data":{"step":1},"message":"half way","percent":50})");
}

TEST_F(NodeTypeWrapperTest, ACancelledExecutionEndsWithCancelled) {
  auto& node = host_.createNode("test.cancellable");
  EXPECT_TRUE(host_.execute(node, "{}").ok());
  host_.cancelled = true;
  auto outcome = host_.execute(node, "{}");
  EXPECT_EQ(outcome.status, ORC_ERR_CANCELLED);
}

TEST_F(NodeTypeWrapperTest, HostCallsHandBuffersThePluginFrees) {
  host_.secrets["api_token"] = "s3cret";
  host_.http_handler = [](const FakeHttpCall& call) {
    EXPECT_EQ(call.url, "https://api.example.com/items");
    EXPECT_EQ(call.headers_json, R"([["authorization","Bearer s3cret"]])");
    return FakeHttpResponse{ORC_OK, 200, {{"content-type", "application/json"}}, "[1,2]"};
  };
  auto& node = host_.createNode("test.fetch");
  auto outcome = host_.execute(node, "{}");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.output("main").dump(),
            R"({"body":"[1,2]","content_type":"application/json","status":200})");
  ASSERT_EQ(host_.logs().size(), 1u);
  EXPECT_EQ(host_.logs()[0].message, "fetched");
  // TearDown checks that the response and secret buffers went back to the host.
}

TEST_F(NodeTypeWrapperTest, ARefusedHttpCallFailsTheNodeWithTheHostsStatus) {
  host_.http_handler = [](const FakeHttpCall&) {
    return FakeHttpResponse{ORC_ERR_PERMISSION_DENIED, 0, {}, ""};
  };
  auto& node = host_.createNode("test.fetch");
  auto outcome = host_.execute(node, "{}");
  EXPECT_EQ(outcome.status, ORC_ERR_PERMISSION_DENIED);
  EXPECT_EQ(outcome.error_message, "permission denied");
}

TEST_F(NodeTypeWrapperTest, BadInputJsonIsAValidationError) {
  auto& node = host_.createNode("test.if");
  auto outcome = host_.execute(node, R"({"main": )");
  EXPECT_EQ(outcome.status, ORC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(outcome.error_class, sdk::ErrorClass::Validation);
  EXPECT_NE(outcome.error_message.find("input: invalid JSON"), std::string::npos);
}

TEST_F(NodeTypeWrapperTest, AConstructorErrorFailsCreateWithItsMessage) {
  try {
    host_.createNode("test.bad_config", "{}");
    FAIL() << "create should fail";
  } catch (const sdk::Error& error) {
    EXPECT_EQ(error.status(), ORC_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(error.errorClass(), sdk::ErrorClass::Validation);
    EXPECT_STREQ(error.what(), "config.url is required");
  }
}

}  // namespace
