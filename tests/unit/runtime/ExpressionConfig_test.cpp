#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <string>

#include "host/runtime/CompiledConfig.hpp"
#include "host/schema/JsonValue.hpp"
#include "host/text/JsonDocument.hpp"
#include "tests/unit/runtime/ExpressionTestSupport.hpp"

namespace orchestra::runtime {
namespace {

using testing::ExpressionContext;
using testing::json;
using testing::text;

CompiledConfig compiledConfig(const Poco::Dynamic::Var& config) {
  CompiledConfigResult result = CompiledConfig::compile(config);
  EXPECT_TRUE(result.ok()) << result.errors.front().describe();
  return std::move(*result.compiled);
}

const char* const kHttpNodeConfig = R"({
  "url": "https://api.example.com/{{ nodes.fetch.output.body.title }}",
  "method": "POST",
  "limit": "{{ trigger.data.count }}",
  "body": "{{ trigger.data.profile }}",
  "headers": [{"name": "Authorization", "value": "Bearer {{ secrets.API_KEY }}"},
              {"name": "Accept", "value": "application/json"}],
  "retry": {"codes": [502, 503], "enabled": true},
  "note": "write \\{{ item }} for the loop item"
})";

TEST(ExpressionConfig, EvaluatesEveryTemplatedStringInPlace) {
  const ExpressionContext context;
  const CompiledConfig config = compiledConfig(json(kHttpNodeConfig));
  EXPECT_TRUE(config.hasTemplates());
  const ConfigValue evaluated = config.evaluate(context.get());
  ASSERT_TRUE(evaluated.ok()) << evaluated.error->describe();
  EXPECT_EQ(text(evaluated.value),
            R"({"body":{"name":"Ann"},)"
            R"("headers":[{"name":"Authorization","value":"Bearer sk-1"},)"
            R"({"name":"Accept","value":"application/json"}],)"
            R"("limit":3,"method":"POST","note":"write {{ item }} for the loop item",)"
            R"("retry":{"codes":[502,503],"enabled":true},)"
            R"("url":"https://api.example.com/Hi"})");
  EXPECT_EQ(schema::jsonKind(schema::jsonObject(evaluated.value)->get("limit")),
            schema::JsonKind::Integer);
}

TEST(ExpressionConfig, PartsWithoutTemplatesAreSharedNotCopied) {
  const ExpressionContext context;
  const Poco::Dynamic::Var original = json(kHttpNodeConfig);
  const ConfigValue evaluated = compiledConfig(original).evaluate(context.get());
  const auto retry = [](const Poco::Dynamic::Var& config) {
    return schema::jsonObject(config)->getObject("retry").get();
  };
  EXPECT_EQ(retry(evaluated.value), retry(original));

  const Poco::Dynamic::Var plain = json(R"({"a": [1, {"b": "no templates"}], "c": "x"})");
  const CompiledConfig constant = compiledConfig(plain);
  EXPECT_FALSE(constant.hasTemplates());
  EXPECT_EQ(schema::jsonObject(constant.evaluate(context.get()).value), schema::jsonObject(plain));
}

TEST(ExpressionConfig, ScalarsAndStringsAtTheTop) {
  const ExpressionContext context;
  EXPECT_EQ(compiledConfig(json(R"("{{ trigger.data.ok }}")")).evaluate(context.get()).value, true);
  EXPECT_EQ(compiledConfig(json("42")).evaluate(context.get()).value, 42);
}

TEST(ExpressionConfig, ParseErrorsAreAllReportedWithTheirPointer) {
  const CompiledConfigResult result = CompiledConfig::compile(json(R"({
    "ok": "{{ item }}", "a/b": "{{ trigers.x }}",
    "list": ["fine", "x {{ nodes.http-1.output }}"]})"));
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.errors.size(), 2U);
  EXPECT_EQ(result.errors[0].describe(),
            "/a~1b: unknown root 'trigers' (did you mean 'trigger'?) at offset 3");
  EXPECT_EQ(result.errors[1],
            (ConfigParseError{
                "/list/1", {11, R"('http-1' contains '-': write ["http-1"] instead of .http-1)"}}));
}

TEST(ExpressionConfig, EvaluationErrorsNameThePointerAndThePath) {
  const ExpressionContext context;
  const ConfigValue evaluated =
      compiledConfig(
          json(R"({"headers": [{"value": "ok"}, {"value": "{{ trigger.data.missing }}"}]})"))
          .evaluate(context.get());
  ASSERT_FALSE(evaluated.ok());
  EXPECT_EQ(evaluated.error->describe(),
            "/headers/1/value: trigger.data.missing: 'data' has no member 'missing'");
  EXPECT_TRUE(evaluated.value.isEmpty());
}

TEST(ExpressionConfig, EvaluatedAsJsonTextItIsTheTextOfTheEvaluatedValue) {
  const ExpressionContext context;
  for (const char* config_text :
       {kHttpNodeConfig,
        R"({"values": {"value": "hello {{ trigger.data.profile.name }}",)"
        R"( "step": 1, "k\"ey": ["{{ trigger.data.count }}", null, 2.5]}})",
        R"("{{ trigger.data.profile }}")", R"(["{{ trigger.data.ok }}", {"a": {}}, []])"}) {
    const CompiledConfig config = compiledConfig(json(config_text));
    std::string out;
    ASSERT_FALSE(config.evaluateJson(context.get(), out)) << config_text;
    EXPECT_EQ(out, text(config.evaluate(context.get()).value)) << config_text;
  }
  const CompiledConfig failing = compiledConfig(
      json(R"({"headers": [{"value": "ok"}, {"value": "{{ trigger.data.missing }}"}]})"));
  std::string out;
  const auto error = failing.evaluateJson(context.get(), out);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->describe(),
            "/headers/1/value: trigger.data.missing: 'data' has no member 'missing'");
}

TEST(ExpressionConfig, ReferencesCarryTheirPointer) {
  const CompiledConfig config = compiledConfig(json(kHttpNodeConfig));
  EXPECT_EQ(config.references(), (std::vector<ConfigReference>{
                                     {"/body", {ExpressionRoot::Trigger, "", 0}},
                                     {"/headers/0/value", {ExpressionRoot::Secrets, "API_KEY", 7}},
                                     {"/limit", {ExpressionRoot::Trigger, "", 0}},
                                     {"/url", {ExpressionRoot::Nodes, "fetch", 24}}}));
}

TEST(ExpressionConfig, DeepNestingIsRefused) {
  Poco::JSON::Array::Ptr innermost = new Poco::JSON::Array;
  innermost->add(std::string("{{ item }}"));
  Poco::Dynamic::Var nested = innermost;
  for (std::size_t level = 0; level < kMaxConfigDepth; ++level) {
    Poco::JSON::Array::Ptr outer = new Poco::JSON::Array;
    outer->add(nested);
    nested = outer;
  }
  const CompiledConfigResult result = CompiledConfig::compile(nested);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.errors.front().error.message, "nested deeper than 64 levels");
  std::string pointer;
  for (std::size_t level = 0; level < kMaxConfigDepth; ++level)
    pointer += "/0";
  EXPECT_EQ(result.errors.front().pointer, pointer);
}

// What a save checks, read from the request's compact document, matches what compile() finds in
// the same text parsed by Poco: the same errors and references at the same pointers, in the same
// order, a repeated name read as its last member.
TEST(ExpressionConfig, InspectedFromACompactDocumentItFindsWhatCompileFinds) {
  const std::string nested_too_deep = std::string(R"({"deep":)") +
                                      std::string(kMaxConfigDepth, '[') + R"("{{ item }}")" +
                                      std::string(kMaxConfigDepth, ']') + "}";
  for (const std::string& config_text :
       {std::string(kHttpNodeConfig),
        std::string(R"({"ok": "{{ item }}", "a/b": "{{ trigers.x }}",)"
                    R"( "list": ["fine", "x {{ nodes.http-1.output }}"]})"),
        std::string(R"({"z": "{{ nodes.b.output }}", "a": {"c": ["{{ item }}", 1, null]}})"),
        std::string(R"({"twice": "{{ nodes.first }}", "twice": "{{ nodes.last }}"})"),
        std::string(R"({"twice": "{{ bad root }}", "twice": "plain"})"),
        std::string(R"("{{ trigger.data }}")"), std::string("[1, true, {}]"), nested_too_deep}) {
    SCOPED_TRACE(config_text);
    const auto document = text::JsonDocument::parse(config_text);
    ASSERT_TRUE(document);
    std::vector<ConfigReference> references;
    const std::vector<ConfigParseError> errors = CompiledConfig::inspect(
        document->root(),
        [&](const ConfigReference& reference) { references.push_back(reference); });
    const CompiledConfigResult compiled = CompiledConfig::compile(json(config_text));
    EXPECT_EQ(errors, compiled.errors);
    if (compiled.ok()) {
      EXPECT_EQ(references, compiled.compiled->references());
    }
  }
}

}  // namespace
}  // namespace orchestra::runtime
