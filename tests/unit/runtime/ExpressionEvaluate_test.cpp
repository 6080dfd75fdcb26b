#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <string>

#include "host/schema/JsonValue.hpp"
#include "tests/unit/runtime/ExpressionTestSupport.hpp"

namespace orchestra::runtime {
namespace {

using schema::JsonKind;
using schema::jsonKind;
using testing::compiled;
using testing::ExpressionContext;
using testing::json;
using testing::text;

TEST(ExpressionEvaluate, ASingleExpressionKeepsTheValuesType) {
  const ExpressionContext context;
  const TemplateValue count = context.evaluate("{{ trigger.data.count }}");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(jsonKind(count.value), JsonKind::Integer);
  EXPECT_EQ(count.value.convert<int>(), 3);
  EXPECT_EQ(jsonKind(context.evaluate("{{ trigger.data.ratio }}").value), JsonKind::Real);
  EXPECT_EQ(jsonKind(context.evaluate("{{ trigger.data.ok }}").value), JsonKind::Boolean);
  EXPECT_EQ(jsonKind(context.evaluate("{{ trigger.data.none }}").value), JsonKind::Null);
  const TemplateValue profile = context.evaluate("{{trigger.data.profile}}");
  EXPECT_EQ(jsonKind(profile.value), JsonKind::Object);
  EXPECT_EQ(text(profile.value), R"({"name":"Ann"})");
  EXPECT_EQ(text(context.evaluate("{{ trigger.data.tags }}").value), R"(["x","y"])");
  EXPECT_EQ(text(context.evaluate("{{ trigger }}").value).substr(0, 9), R"({"data":{)");
}

TEST(ExpressionEvaluate, MixedTemplatesRenderAString) {
  const ExpressionContext context;
  const TemplateValue rendered = context.evaluate(
      "n={{ trigger.data.count }} r={{ trigger.data.ratio }} ok={{ trigger.data.ok }} "
      "none=[{{ trigger.data.none }}] p={{ trigger.data.profile }} t={{ trigger.data.tags }} "
      "e={{ trigger.data.email }}");
  ASSERT_TRUE(rendered.ok());
  EXPECT_EQ(jsonKind(rendered.value), JsonKind::String);
  EXPECT_EQ(rendered.value.extract<std::string>(),
            R"(n=3 r=1.5 ok=true none=[] p={"name":"Ann"} t=["x","y"] e=ann@example.com)");
}

TEST(ExpressionEvaluate, RenderTextAlwaysGivesAString) {
  const ExpressionContext context;
  const TemplateText rendered = compiled("{{ trigger.data.count }}").renderText(context.get());
  ASSERT_TRUE(rendered.ok());
  EXPECT_EQ(rendered.text, "3");
  EXPECT_EQ(compiled(R"(only \{{ text }})").renderText(context.get()).text, "only {{ text }}");
  EXPECT_EQ(compiled(R"(only \{{ text }})").evaluate(context.get()).value.extract<std::string>(),
            "only {{ text }}");
}

TEST(ExpressionEvaluate, IndexesAndQuotedKeys) {
  const ExpressionContext context;
  EXPECT_EQ(context.evaluate("{{ nodes.fetch.output.body.items[1].id }}").value.convert<int>(), 8);
  EXPECT_EQ(context.evaluate(R"({{ nodes["http-1"].output }})").value.extract<std::string>(),
            "plain text");
  EXPECT_EQ(context.evaluate(R"({{ nodes['fetch']["output"]["body"].title }})")
                .value.extract<std::string>(),
            "Hi");
  EXPECT_EQ(context.evaluate("{{ trigger.data.tags[0] }}{{ trigger.data.tags[1] }}")
                .value.extract<std::string>(),
            "xy");
}

TEST(ExpressionEvaluate, AMissingPathIsAnErrorNamingThePath) {
  const ExpressionContext context;
  EXPECT_EQ(context.failure("{{ nodes.fetch.output.body.subtitle }}"),
            "nodes.fetch.output.body.subtitle: 'body' has no member 'subtitle'");
  EXPECT_EQ(context.failure("{{ nodes.fetch.output.body.items[5].id }}"),
            "nodes.fetch.output.body.items[5].id: 'items' has 2 items; index 5 is out of range");
  EXPECT_EQ(context.failure("{{ trigger.data.email.domain }}"),
            "trigger.data.email.domain: 'email' is a string, not an object");
  EXPECT_EQ(context.failure("{{ trigger.data.profile[0] }}"),
            "trigger.data.profile[0]: 'profile' is an object, not an array");
  EXPECT_EQ(context.failure("{{ trigger.data.none.x }}"), "trigger.data.none.x: 'none' is null");
  EXPECT_EQ(context.failure("{{ nodes.fetch.output.body.items[0][1] }}"),
            "nodes.fetch.output.body.items[0][1]: 'items[0]' is an object, not an array");
  EXPECT_EQ(context.failure("{{ nodes.fetch.status }}"),
            "nodes.fetch.status: 'fetch' has no member 'status'");
  EXPECT_EQ(context.failure("{{ trigger.nope }}"), "trigger.nope: 'trigger' has no member 'nope'");
  // In text the first failing expression is reported, and nothing is rendered.
  const TemplateValue mixed = context.evaluate("a {{ trigger.data.count }} b {{ trigger.x }}");
  EXPECT_EQ(mixed.error, (TemplateEvaluationError{"trigger.x", "'trigger' has no member 'x'"}));
  EXPECT_TRUE(mixed.value.isEmpty());
}

TEST(ExpressionEvaluate, SourcesThatAreAbsentAreNamed) {
  ExpressionContext context;
  EXPECT_EQ(context.failure("{{ nodes.transform.output }}"),
            "nodes.transform.output: node 'transform' has no result (it has not run yet or is "
            "not upstream)");
  EXPECT_EQ(context.failure("{{ item.name }}"),
            "item.name: 'item' is only available inside a loop");
  EXPECT_EQ(context.failure("{{ execution.id }}"),
            "execution.id: 'execution' is not available here");
  EXPECT_EQ(context.failure("{{ workflow }}"), "workflow: 'workflow' is not available here");
  context.get().trigger = nullptr;
  EXPECT_EQ(context.failure("{{ trigger }}"), "trigger: 'trigger' is not available here");
}

TEST(ExpressionEvaluate, LoopItemsExecutionAndWorkflow) {
  ExpressionContext context;
  const Poco::Dynamic::Var item = json(R"({"name": "Bo", "tags": ["a"]})");
  const Poco::Dynamic::Var execution = json(R"({"id": "e-1"})");
  const Poco::Dynamic::Var workflow = json(R"({"id": "w-1", "version": 4})");
  context.get().item = &item;
  context.get().execution = &execution;
  context.get().workflow = &workflow;
  EXPECT_EQ(
      context
          .evaluate("{{ item.name }}/{{ item.tags[0] }}/{{ execution.id }}/v{{ workflow.version }}")
          .value.extract<std::string>(),
      "Bo/a/e-1/v4");
  const Poco::Dynamic::Var scalar_item = json("12");
  context.get().item = &scalar_item;
  EXPECT_EQ(context.evaluate("{{ item }}").value.convert<int>(), 12);
}

TEST(ExpressionEvaluate, EnvironmentIsReadOnlyThroughTheAllowList) {
  const ExpressionContext context;
  EXPECT_EQ(context.evaluate("{{ env.REGION }}").value.extract<std::string>(), "eu-west");
  EXPECT_EQ(context.failure("{{ env.DATABASE_PASSWORD }}"),
            "env.DATABASE_PASSWORD: 'DATABASE_PASSWORD' is not an allowed environment variable");
  EXPECT_EQ(context.failure("{{ env.UNSET_BUT_ALLOWED }}"),
            "env.UNSET_BUT_ALLOWED: environment variable 'UNSET_BUT_ALLOWED' is not set");
  EvaluationContext no_environment;
  EXPECT_EQ(compiled("{{ env.REGION }}").evaluate(no_environment).error->message,
            "'REGION' is not an allowed environment variable");
}

TEST(ExpressionEvaluate, SecretsComeFromTheCallersResolver) {
  const ExpressionContext context;
  EXPECT_EQ(context.evaluate("Bearer {{ secrets.API_KEY }}").value.extract<std::string>(),
            "Bearer sk-1");
  EXPECT_EQ(context.failure("{{ secrets.NOPE }}"), "secrets.NOPE: no secret named 'NOPE'");
  EXPECT_EQ(context.secretsAsked(), (std::vector<std::string>{"API_KEY", "NOPE"}));
  EXPECT_EQ(compiled("{{ secrets.API_KEY }}").evaluate(EvaluationContext{}).error->describe(),
            "secrets.API_KEY: secrets are not available here");
}

TEST(ExpressionEvaluate, ParsedOnceEvaluatedManyTimes) {
  ExpressionContext context;
  const CompiledTemplate greeting = compiled("Hello {{ item.name }}");
  for (const char* name : {"Ann", "Bo", "Cy"}) {
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
    item->set("name", std::string(name));
    const Poco::Dynamic::Var value = item;
    context.get().item = &value;
    EXPECT_EQ(greeting.evaluate(context.get()).value.extract<std::string>(),
              std::string("Hello ") + name);
  }
}

TEST(ExpressionEvaluate, MembersOfLargeObjectsAreFound) {
  // Objects with many members take a different lookup path than small ones; nest two of them.
  ExpressionContext context;
  Poco::JSON::Object::Ptr outer = new Poco::JSON::Object;
  for (int i = 0; i < 100; ++i) {
    Poco::JSON::Object::Ptr inner = new Poco::JSON::Object;
    for (int j = 0; j < 100; ++j)
      inner->set("m" + std::to_string(j), i * 1000 + j);
    outer->set("k" + std::to_string(i), inner);
  }
  const Poco::Dynamic::Var item = outer;
  context.get().item = &item;
  EXPECT_EQ(context.evaluate("{{ item.k57.m42 }}").value.convert<int>(), 57042);
  EXPECT_EQ(context.evaluate("{{ item.k9.m0 }} {{ item.k99.m99 }}").value.extract<std::string>(),
            "9000 99099");
  EXPECT_EQ(context.failure("{{ item.k57.zz }}"), "item.k57.zz: 'k57' has no member 'zz'");
  EXPECT_EQ(context.failure("{{ item.k100 }}"), "item.k100: 'item' has no member 'k100'");
}

TEST(ExpressionEvaluate, RenderedTextHasAnUpperBound) {
  ExpressionContext context;
  const Poco::Dynamic::Var big = std::string(std::size_t{17} * 1024, 'x');
  context.get().item = &big;
  std::string many;
  for (int i = 0; i < 1000; ++i)
    many += "{{ item }}";
  EXPECT_EQ(context.failure(many), "rendered text is larger than 16777216 bytes");
  EXPECT_EQ(context.evaluate("{{ item }}").value.extract<std::string>().size(), 17U * 1024);
}

}  // namespace
}  // namespace orchestra::runtime
