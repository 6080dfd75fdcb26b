// FakeHost refuses a config its node type's (or plugin's) schema refuses and fills in defaults
// first, as Orchestra does, so plugin authors need not re-check their schema by hand.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "orchestra/sdk/Sdk.hpp"
#include "orchestra/sdk/testing/FakeHost.hpp"
#include "orchestra/sdk/testing/SchemaCheck.hpp"

namespace sdk = orchestra::sdk;
using sdk::testing::FakeHost;
using sdk::testing::SchemaCheck;

namespace {

std::atomic<int> g_created{0};

// Echoes the config on_create received, so tests see what the fake host passed on.
class TimeoutNode : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe() {
    sdk::ExtensionInfo info;
    info.id = "test.timeout";
    info.display_name = "Timeout";
    info.config_schema =
        R"({"type":"object","properties":{)"
        R"("url":{"type":"string","minLength":1},)"
        R"("timeout_ms":{"type":"integer","minimum":1,"maximum":300000,"default":30000},)"
        R"("retry":{"type":"object","properties":{"count":{"type":"integer","default":3}}}},)"
        R"("required":["url"],"additionalProperties":false})";
    info.inputs = {{"main"}};
    info.outputs = {{"main"}};
    return info;
  }
  explicit TimeoutNode(const sdk::Json& config) : config_(config) { ++g_created; }
  sdk::NodeResult execute(sdk::NodeContext&) const override {
    return sdk::NodeResult::on("main", config_);
  }

 private:
  sdk::Json config_;
};

struct ConfiguredPlugin {
  static constexpr sdk::PluginInfo info{"test.configured", "0.0.1", "Configured", "For tests",
                                        R"({"type":"object","properties":{)"
                                        R"("region":{"type":"string","enum":["eu","us"]}},)"
                                        R"("additionalProperties":false})"};
  static void init(sdk::Registrar& registrar) { registrar.addNodeType<TimeoutNode>(); }
};

class FakeHostConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_created = 0;
    ASSERT_EQ(host_.load(sdk::pluginDescriptor<ConfiguredPlugin>()), "");
  }
  // The message createNode refused `config` with; "" when it was accepted.
  std::string refusal(const std::string& config) {
    try {
      host_.createNode("test.timeout", config);
    } catch (const sdk::Error& error) {
      EXPECT_EQ(error.errorClass(), sdk::ErrorClass::Validation);
      return error.what();
    }
    return "";
  }
  FakeHost host_;
};

TEST_F(FakeHostConfigTest, RefusesAConfigTheSchemaRefusesBeforeOnCreate) {
  EXPECT_EQ(refusal(R"({"url":"https://a.example","timeout_ms":0})"),
            R"(config invalid at "/timeout_ms": must be at least 1)");
  EXPECT_EQ(refusal(R"({"url":"https://a.example","timeout_ms":1.5})"),
            R"(config invalid at "/timeout_ms": must be an integer)");
  EXPECT_EQ(refusal(R"({"timeout_ms":5})"), R"(config invalid at "/url": is a required property)");
  EXPECT_EQ(refusal(R"({"url":"x","tiemout_ms":5})"),
            R"(config invalid at "/": has unknown property "tiemout_ms")");
  EXPECT_EQ(refusal(R"({"url":"x",)"),
            "config is not valid JSON: invalid JSON at byte 11: unexpected end of input");
  EXPECT_EQ(g_created, 0) << "on_create ran on a config the host would refuse";
}

TEST_F(FakeHostConfigTest, FillsDefaultsBeforeValidatingAndPassesThemOn) {
  auto& node = host_.createNode("test.timeout", R"({"url":"https://a.example","retry":{}})");
  auto outcome = host_.execute(node, "{}");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.output("main").dump(),
            R"({"retry":{"count":3},"timeout_ms":30000,"url":"https://a.example"})");
}

TEST_F(FakeHostConfigTest, AcceptsAnotherChecker) {
  // A test that can link a full validator plugs it in; nullptr switches checking off.
  std::string seen;
  host_.config_checker = [&](const sdk::Json&, const sdk::Json& config) {
    seen = config.dump();
    return std::string("refused by the custom checker");
  };
  EXPECT_EQ(refusal(R"({"url":"x"})"), "refused by the custom checker");
  EXPECT_EQ(seen, R"({"timeout_ms":30000,"url":"x"})") << "the checker sees defaults filled in";
  host_.config_checker = nullptr;
  EXPECT_EQ(refusal(R"({"timeout_ms":0})"), "");
}

TEST(FakeHostPluginConfig, RefusesAPluginConfigItsSchemaRefuses) {
  FakeHost host;
  EXPECT_EQ(host.load(sdk::pluginDescriptor<ConfiguredPlugin>(), R"({"region":"mars"})"),
            R"(config invalid at "/region": must be one of: eu, us)");
  EXPECT_TRUE(host.nodeTypeIds().empty()) << "on_init must not run";
}

// One schema per keyword family: the first problem, as the host words it.
TEST(SchemaCheck, ReportsTheFirstProblemWithItsPointer) {
  struct Case {
    const char* schema;
    const char* config;
    const char* problem;
  };
  const Case cases[] = {
      {R"({"type":["string","null"]})", "1", R"(config invalid at "/": must be a string or null)"},
      {R"({"type":"integer"})", "3.0", ""},
      {R"({"const":"a"})", R"("b")", R"(config invalid at "/": must be equal to a)"},
      {R"({"maximum":10})", "11", R"(config invalid at "/": must be at most 10)"},
      {R"({"exclusiveMinimum":0})", "0", R"(config invalid at "/": must be greater than 0)"},
      {R"({"multipleOf":5})", "12", R"(config invalid at "/": must be a multiple of 5)"},
      // Code points, not bytes: "é" is one character.
      {R"({"maxLength":1})", "\"\xc3\xa9\"", ""},
      {R"({"minLength":2})", R"("a")",
       R"(config invalid at "/": must be at least 2 characters long)"},
      {R"({"pattern":"^https?://"})", R"("ftp://x")",
       R"(config invalid at "/": must match pattern ^https?://)"},
      {R"({"items":{"type":"string"},"maxItems":3})", R"(["a",2])",
       R"(config invalid at "/1": must be a string)"},
      {R"({"uniqueItems":true})", "[1,2,1.0]",
       R"(config invalid at "/": must not contain duplicate items (items 0 and 2 are equal))"},
      {R"({"patternProperties":{"^x-":{"type":"string"}},"additionalProperties":false})",
       R"({"x-a":"1","x-b":2})", R"(config invalid at "/x-b": must be a string)"},
      {R"({"propertyNames":{"pattern":"^[a-z]+$"}})", R"({"a/B":1})",
       R"(config invalid at "/": has invalid property name "a/B": must match pattern ^[a-z]+$)"},
      {R"({"properties":{"a/b":{"type":"string"}}})", R"({"a/b":1})",
       R"(config invalid at "/a~1b": must be a string)"},
      {R"({"maxProperties":1})", R"({"a":1,"b":2})",
       R"(config invalid at "/": must have at most 1 property)"},
      {R"({"dependentRequired":{"secret_header":["secret_value"]}})", R"({"secret_header":"X"})",
       R"(config invalid at "/secret_value": is required when "secret_header" is present)"},
      {R"({"oneOf":[{"required":["items"]},{"required":["items_path"]}]})",
       R"({"items":[],"items_path":"a"})",
       R"(config invalid at "/": must match exactly one of the allowed schemas, but matches more )"
       R"(than one)"},
      {R"({"anyOf":[{"type":"string"},{"type":"integer"}]})", "true",
       R"(config invalid at "/": must match at least one of the allowed schemas)"},
      {R"({"not":{"required":["body"]}})", R"({"body":1})",
       R"(config invalid at "/": must not match the disallowed schema)"},
      {R"({"if":{"properties":{"mode":{"const":"key"}}},"then":{"required":["key"]}})",
       R"({"mode":"key"})", R"(config invalid at "/key": is a required property)"},
      {"false", "{}", R"(config invalid at "/": is not allowed)"},
      // Unknown keywords (and "format") are ignored, never guessed at.
      {R"({"format":"uri","x-custom":true})", R"("not a uri")", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(SchemaCheck::firstProblem(sdk::Json::parse(c.schema), sdk::Json::parse(c.config)),
              c.problem)
        << c.schema << " with " << c.config;
  }
}

TEST(SchemaCheck, FillsDefaultsOnlyWhereTheHostDoes) {
  auto schema = sdk::Json::parse(
      R"({"properties":{"a":{"default":1},"nested":{"properties":{"b":{"default":2}}},)"
      R"("list":{"items":{"properties":{"c":{"default":3}}}}}})");
  EXPECT_EQ(SchemaCheck::withDefaults(schema, sdk::Json::parse(R"({"a":0})")).dump(), R"({"a":0})");
  EXPECT_EQ(
      SchemaCheck::withDefaults(schema, sdk::Json::parse(R"({"nested":{},"list":[{}]})")).dump(),
      R"({"a":1,"list":[{"c":3}],"nested":{"b":2}})");
}

}  // namespace
