// The SDK's FakeHost checks configs with a small JSON Schema validator of its own (plugin authors
// cannot link the host). These tests hold it to the host's validator: same verdict on every
// keyword it claims, and on the in-tree plugins' real schemas; and they show the hook through
// which a test that can link the host swaps in the real validator.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "host/schema/Schema.hpp"
#include "orchestra/sdk/testing/FakeHost.hpp"
#include "orchestra/sdk/testing/SchemaCheck.hpp"
#include "tests/unit/schema/SchemaTestSupport.hpp"

namespace orchestra::plugins {
namespace {

using sdk::Json;
using sdk::testing::SchemaCheck;

// Every issue the host finds, worded as NodeInvoker refuses a config with.
std::vector<std::string> hostProblems(const Json& schema, const Json& config) {
  const auto result =
      schema::Schema::compile(schema.dump()).validate(schema::testing::json(config.dump()));
  std::vector<std::string> problems;
  for (const auto& issue : result.issues()) {
    problems.push_back("config invalid at \"" +
                       (issue.instance_path.empty() ? "/" : issue.instance_path) +
                       "\": " + issue.message);
  }
  return problems;
}

// The host's validator as a FakeHost config checker.
std::string hostChecker(const Json& schema, const Json& config) {
  auto problems = hostProblems(schema, config);
  return problems.empty() ? std::string() : problems.front();
}

// Same verdict; and the problem the SDK reports is one the host reports too, word for word.
void expectAgreement(const Json& schema, const Json& config) {
  const std::string ours = SchemaCheck::firstProblem(schema, config);
  const std::vector<std::string> host = hostProblems(schema, config);
  ASSERT_EQ(ours.empty(), host.empty())
      << "schema " << schema.dump() << "\nconfig " << config.dump() << "\nSDK: " << ours
      << "\nhost: " << (host.empty() ? "" : host.front());
  if (ours.empty()) return;
  // Word for word, except where the host says more: a "did you mean" after an unknown
  // property, or the one plausible branch explained instead of an anyOf/oneOf summary.
  const bool host_says_it = std::any_of(host.begin(), host.end(), [&](const std::string& theirs) {
    return theirs.rfind(ours, 0) == 0;
  });
  const bool summary = ours.find("of the allowed schemas") != std::string::npos;
  EXPECT_TRUE(host_says_it || summary) << "schema " << schema.dump() << "\nconfig " << config.dump()
                                       << "\nSDK: " << ours << "\nhost: " << host.front();
}

TEST(FakeHostSchemaParity, EveryKeywordTheSdkClaimsGetsTheHostsVerdict) {
  struct Case {
    const char* schema;
    std::vector<const char*> configs;
  };
  const std::vector<Case> cases = {
      {R"({"type":"integer","minimum":1,"maximum":10})", {"1", "0", "11", "1.5", "3.0", "\"3\""}},
      {R"({"type":["string","null"]})", {"null", "\"a\"", "1", "[]"}},
      {R"({"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1})", {"0", "0.5", "1"}},
      {R"({"multipleOf":5})", {"10", "12", "\"x\""}},
      {R"({"enum":["a",1,null]})", {"\"a\"", "1.0", "null", "\"b\"", "2"}},
      {R"({"const":{"a":[1]}})", {R"({"a":[1]})", R"({"a":[2]})"}},
      {R"({"type":"string","minLength":2,"maxLength":3})",
       {"\"a\"", "\"ab\"", "\"abcd\"", "\"\xc3\xa9\xc3\xa9\""}},
      {R"({"type":"string","pattern":"^[Hh][Tt][Tt][Pp][Ss]?://"})",
       {"\"https://a\"", "\"ftp://a\"", "\"x https://a\""}},
      {R"({"type":"array","items":{"type":"string"},"minItems":1,"maxItems":2,"uniqueItems":true})",
       {"[]", R"(["a"])", R"(["a","a"])", R"(["a",1])", R"(["a","b","c"])"}},
      {R"({"type":"object","required":["a"],"additionalProperties":false,)"
       R"("properties":{"a":{"type":"string"},"b":{"type":"boolean","default":true}}})",
       {"{}", R"({"a":"x"})", R"({"a":1})", R"({"a":"x","c":1})", R"({"a":"x","b":"no"})"}},
      {R"({"type":"object","maxProperties":2,"propertyNames":{"pattern":"^[a-z-]{1,5}$"},)"
       R"("patternProperties":{"^x-":{"type":"string"}},"additionalProperties":{"type":"integer"}})",
       {R"({"x-a":"s","b":1})", R"({"x-a":1})", R"({"b":"s"})", R"({"Bad":1})",
        R"({"a":1,"b":2,"c":3})"}},
      {R"({"dependentRequired":{"secret_header":["secret_value"]}})",
       {R"({"secret_header":"X"})", R"({"secret_header":"X","secret_value":"v"})", "{}"}},
      {R"({"oneOf":[{"required":["items"]},{"required":["items_path"]}]})",
       {R"({"items":[]})", R"({"items":[],"items_path":"a"})", "{}"}},
      {R"({"anyOf":[{"type":"string"},{"type":"integer"}],"not":{"const":"forbidden"}})",
       {"\"a\"", "1", "true", "\"forbidden\""}},
      {R"({"if":{"properties":{"mode":{"const":"key"}}},"then":{"required":["key"]},)"
       R"("else":{"not":{"required":["key"]}}})",
       {R"({"mode":"key"})", R"({"mode":"key","key":"k"})", R"({"mode":"x","key":"k"})"}},
      {R"({"type":"array","prefixItems":[{"type":"string"}],"items":{"type":"integer"}})",
       {R"(["a",1])", R"([1,1])", R"(["a","b"])"}},
      {"false", {"{}"}},
      {"true", {"{}"}},
  };
  for (const Case& c : cases) {
    for (const char* config : c.configs) {
      expectAgreement(Json::parse(c.schema), Json::parse(config));
    }
  }
}

// The in-tree plugins, loaded from their built .so into a FakeHost, as a plugin test would.
class InTreeSchemas : public ::testing::Test {
 protected:
  void SetUp() override {
    library_ = dlopen((std::string(ORCHESTRA_PLUGIN_BUILD_DIR) + "/libcore_nodes.so").c_str(),
                      RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(library_, nullptr) << dlerror();
    auto entry = reinterpret_cast<orc_plugin_entry_fn>(dlsym(library_, ORC_PLUGIN_ENTRY_SYMBOL));
    ASSERT_NE(entry, nullptr);
    host_ = std::make_unique<sdk::testing::FakeHost>();
    ASSERT_EQ(host_->load(entry()), "");
  }
  void TearDown() override {
    host_.reset();  // every instance and the plugin shut down before the library goes
    if (library_ != nullptr) dlclose(library_);
  }
  void* library_ = nullptr;
  std::unique_ptr<sdk::testing::FakeHost> host_;
};

TEST_F(InTreeSchemas, TheSdkCheckerAgreesWithTheHostOnEveryCoreNodeSchema) {
  // A spread of configs, right for some node types and wrong for the others. (The host also
  // checks "format"; the SDK does not, so none of these differs only by format.)
  const std::vector<const char*> configs = {
      "{}",
      R"({"url":"https://api.example.com/v1"})",
      R"({"url":"ftp://example.com/"})",
      R"({"url":"https://a.example","method":"FETCH","timeout_ms":0})",
      R"({"url":"https://a.example","headers":{"Bad Name":"v"}})",
      R"({"url":"https://a.example","headers":{"Authorization":7}})",
      R"({"url":"https://a.example","query":{"a":{"nested":1}}})",
      R"({"duration_ms":5})",
      R"({"duration_ms":-1})",
      R"({"duration_ms":1.5})",
      R"({"duration_ms":3600001})",
      R"({"expression":"*/5 * * * *"})",
      R"({"expression":"*/5 * * * *","timezone":"Europe/Paris"})",
      R"({"path":"orders/new","methods":["POST","POST"]})",
      R"({"path":"orders/new","secret_header":"X-Secret"})",
      R"({"condition":{"left":1,"operator":"eq","right":1}})",
      R"({"condition":{"left":1,"operator":"nope","right":1}})",
      R"({"values":{"a.b":1}})",
      R"({"values":[{"path":"a","value":1}],"keep_input":true})",
      R"({"items":[1,2]})",
      R"({"items":[1,2],"items_path":"a"})",
      R"({"items_path":"a","max_items":0})",
      R"({"mode":"combine_by_key"})",
      R"({"mode":"combine_by_key","key":"id"})",
      R"({"cases":[{"value":1,"label":"one"}],"mode":"first"})",
      R"({"cases":[],"fallback":"nowhere"})",
      R"({"sample_payload":{"a":1}})",
  };
  for (const std::string& id : host_->nodeTypeIds()) {
    const Json& schema = *host_->nodeTypeInfo(id).find("config_schema");
    for (const char* config : configs) {
      SCOPED_TRACE(id + " " + config);
      expectAgreement(schema, SchemaCheck::withDefaults(schema, Json::parse(config)));
    }
  }
}

TEST_F(InTreeSchemas, AFakeHostCanUseTheHostsValidator) {
  host_->config_checker = &hostChecker;
  try {
    host_->createNode("core.delay", R"({"duration_ms":3600001})");
    FAIL() << "core.delay accepted an hour and a millisecond";
  } catch (const sdk::Error& error) {
    EXPECT_EQ(std::string(error.what()),
              R"(config invalid at "/duration_ms": must be at most 3600000)");
    EXPECT_EQ(error.errorClass(), sdk::ErrorClass::Validation);
  }
  EXPECT_NO_THROW(host_->createNode("core.delay", R"({"duration_ms":10})"));
}

}  // namespace
}  // namespace orchestra::plugins
