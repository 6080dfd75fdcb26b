#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "tests/unit/runtime/ExpressionTestSupport.hpp"

namespace orchestra::runtime {
namespace {

using testing::compiled;
using testing::parseError;

// Copies, so that a test may ask about a temporary template.
Expression expressionAt(const CompiledTemplate& compiled_template, std::size_t part) {
  return std::get<Expression>(compiled_template.parts().at(part));
}
std::string literalAt(const CompiledTemplate& compiled_template, std::size_t part) {
  return std::get<std::string>(compiled_template.parts().at(part));
}
PathStep key(std::string name) {
  return {PathStep::Kind::Key, std::move(name), 0};
}
PathStep index(std::size_t position) {
  return {PathStep::Kind::Index, "", position};
}

TEST(ExpressionParse, SplitsTextAndExpressions) {
  const CompiledTemplate parsed = compiled("Hello {{ trigger.data.email }}!");
  ASSERT_EQ(parsed.parts().size(), 3U);
  EXPECT_EQ(literalAt(parsed, 0), "Hello ");
  const Expression expression = expressionAt(parsed, 1);
  EXPECT_EQ(expression.root, ExpressionRoot::Trigger);
  EXPECT_EQ(expression.steps, (std::vector<PathStep>{key("data"), key("email")}));
  EXPECT_EQ(expression.source, "trigger.data.email");
  EXPECT_EQ(expression.offset, 6U);
  EXPECT_EQ(literalAt(parsed, 2), "!");
  EXPECT_FALSE(parsed.isSingleExpression());
}

TEST(ExpressionParse, WhitespaceInsideTheBracesIsOptional) {
  EXPECT_TRUE(compiled("{{item}}").isSingleExpression());
  EXPECT_TRUE(compiled("{{ \n\titem \r\n}}").isSingleExpression());
  // Text around the braces, even a space, makes it a string template.
  EXPECT_FALSE(compiled(" {{ item }}").isSingleExpression());
}

TEST(ExpressionParse, IndexesAndQuotedKeys) {
  const Expression items = expressionAt(compiled("{{ nodes.fetch.output.items[0].id }}"), 0);
  EXPECT_EQ(items.root, ExpressionRoot::Nodes);
  EXPECT_EQ(items.steps, (std::vector<PathStep>{key("fetch"), key("output"), key("items"), index(0),
                                                key("id")}));
  const Expression dashed = expressionAt(compiled(R"({{ nodes["http-1"].output }})"), 0);
  EXPECT_EQ(dashed.steps, (std::vector<PathStep>{key("http-1"), key("output")}));
  const Expression quoted =
      expressionAt(compiled(R"({{ item['it\'s'][12]["a \"b\" \\ c"]["with }} inside"] }})"), 0);
  EXPECT_EQ(quoted.steps, (std::vector<PathStep>{key("it's"), index(12), key(R"(a "b" \ c)"),
                                                 key("with }} inside")}));
}

TEST(ExpressionParse, EveryRootIsKnown) {
  for (const char* text : {"{{ trigger }}", "{{ nodes.a }}", "{{ item }}", "{{ execution.id }}",
                           "{{ workflow.id }}", "{{ env.REGION }}", "{{ secrets.API_KEY }}"}) {
    EXPECT_TRUE(parseTemplate(text).ok()) << text;
  }
}

TEST(ExpressionParse, BackslashEscapesALiteralOpening) {
  const CompiledTemplate escaped = compiled(R"(use \{{ item }} to refer to the item)");
  EXPECT_TRUE(escaped.isLiteral());
  EXPECT_EQ(literalAt(escaped, 0), "use {{ item }} to refer to the item");
  // A doubled backslash is one literal backslash, and the braces open an expression.
  const CompiledTemplate doubled = compiled(R"(C:\\{{ item }})");
  EXPECT_EQ(literalAt(doubled, 0), R"(C:\)");
  EXPECT_EQ(expressionAt(doubled, 1).root, ExpressionRoot::Item);
  // Backslashes anywhere else, and lone braces, are plain text.
  EXPECT_EQ(literalAt(compiled(R"(a\b { } }} {{ item }})"), 0), R"(a\b { } }} )");
}

TEST(ExpressionParse, ErrorsNameTheProblemAndItsOffset) {
  EXPECT_EQ(parseError("Hello {{ trigger.data").describe(), "unclosed '{{' at offset 6");
  EXPECT_EQ(parseError("{{ trigers.data }}"),
            (TemplateParseError{3, "unknown root 'trigers' (did you mean 'trigger'?)"}));
  EXPECT_EQ(parseError("{{ node.a }}").message, "unknown root 'node' (did you mean 'nodes'?)");
  EXPECT_EQ(parseError("{{ foo }}"),
            (TemplateParseError{3,
                                "unknown root 'foo' (expected trigger, nodes, item, "
                                "execution, workflow, env or secrets)"}));
  EXPECT_EQ(parseError("x {{ }}"), (TemplateParseError{2, "empty expression"}));
  EXPECT_EQ(parseError("{{ 1 }}"),
            (TemplateParseError{3, "expected a name such as 'trigger' or 'nodes', found '1'"}));
  EXPECT_EQ(parseError("{{ item x }}"),
            (TemplateParseError{8, "unexpected 'x' in expression (expected '.', '[' or '}}')"}));
  EXPECT_EQ(parseError("{{ item.a + 1 }}").offset, 10U);
  EXPECT_EQ(
      parseError("{{ item }"),
      (TemplateParseError{8, "expected '}}' to close the '{{' at offset 0, found a single '}'"}));
}

TEST(ExpressionParse, DashedNodeIdsNeedQuotes) {
  EXPECT_EQ(
      parseError("{{ nodes.http-1.output }}"),
      (TemplateParseError{9, R"('http-1' contains '-': write ["http-1"] instead of .http-1)"}));
  EXPECT_EQ(parseError("{{ item.first-name }}").message,
            R"('first-name' contains '-': write ["first-name"] instead of .first-name)");
}

TEST(ExpressionParse, PathSegmentErrors) {
  EXPECT_EQ(
      parseError("{{ item.0 }}"),
      (TemplateParseError{8, "a name cannot start with a digit; write [n] to index an array"}));
  EXPECT_EQ(parseError("{{ item. }}"),
            (TemplateParseError{8, "expected a name after '.', found a space"}));
  EXPECT_EQ(parseError("{{ item[-1] }}"), (TemplateParseError{8, "an index cannot be negative"}));
  EXPECT_EQ(parseError("{{ item[x] }}"),
            (TemplateParseError{8, "expected an index or a quoted key after '[', found 'x'"}));
  EXPECT_EQ(parseError("{{ item[0 }}"),
            (TemplateParseError{9, "expected ']' to close the '[' at offset 7, found a space"}));
  EXPECT_EQ(parseError("{{ item[1234567890] }}"), (TemplateParseError{8, "index too large"}));
  EXPECT_TRUE(parseTemplate("{{ item[999999999] }}").ok());
  EXPECT_EQ(parseError(R"({{ item["abc }})"), (TemplateParseError{8, "unclosed quoted key"}));
}

TEST(ExpressionParse, RootsThatNeedANameSayHowToWriteIt) {
  const std::string node_id_needed =
      R"(nodes must be followed by a node id: nodes.<id> or nodes["<id>"])";
  EXPECT_EQ(parseError("{{ nodes }}"), (TemplateParseError{3, node_id_needed}));
  EXPECT_EQ(parseError("{{ nodes[0].output }}").message, node_id_needed);
  EXPECT_EQ(parseError(R"({{ nodes[""] }})").message, node_id_needed);
  EXPECT_EQ(parseError("{{ env }}"),
            (TemplateParseError{3, "env takes exactly one name: env.NAME"}));
  EXPECT_EQ(parseError("{{ env.A.B }}").message, "env takes exactly one name: env.NAME");
  EXPECT_EQ(parseError("{{ secrets[0] }}").message, "secrets takes exactly one name: secrets.NAME");
  EXPECT_TRUE(parseTemplate(R"({{ env["REGION"] }})").ok());
}

TEST(ExpressionParse, UnprintableBytesAreNamedByValue) {
  EXPECT_EQ(parseError(std::string("{{ \x01 }}")).message,
            "expected a name such as 'trigger' or 'nodes', found byte 0x01");
  EXPECT_EQ(
      parseError(std::string("{{ item\0 }}", 11)),
      (TemplateParseError{7, "unexpected byte 0x00 in expression (expected '.', '[' or '}}')"}));
}

TEST(ExpressionParse, LimitsAreErrorsNotCrashes) {
  // The longest accepted expression is 1024 bytes from "{{" to "}}".
  const std::string prefix = "{{ item.";
  const std::string suffix = " }}";
  const std::string longest_name(kMaxExpressionBytes - prefix.size() - suffix.size(), 'a');
  EXPECT_TRUE(parseTemplate("x " + prefix + longest_name + suffix).ok());
  EXPECT_EQ(parseError("x " + prefix + longest_name + "a" + suffix),
            (TemplateParseError{2, "expression longer than 1024 bytes"}));
  EXPECT_EQ(parseError("{{ item" + std::string(5000, ' ')),
            (TemplateParseError{0, "expression longer than 1024 bytes"}));

  std::string deep = "{{ item";
  for (std::size_t step = 0; step < kMaxPathSteps; ++step)
    deep += "[0]";
  EXPECT_TRUE(parseTemplate(deep + "}}").ok());
  EXPECT_EQ(parseError(deep + ".a}}"),
            (TemplateParseError{deep.size(), "more than 32 path segments"}));

  std::string many;
  for (std::size_t expression = 0; expression < kMaxExpressionsPerTemplate; ++expression)
    many += "{{ item }}";
  EXPECT_TRUE(parseTemplate(many).ok());
  EXPECT_EQ(parseError(many + "{{ item }}"),
            (TemplateParseError{many.size(), "more than 1000 expressions in one template"}));

  EXPECT_EQ(parseError(std::string(kMaxTemplateBytes + 1, 'a')),
            (TemplateParseError{0, "template is 1048577 bytes; the limit is 1048576"}));
}

TEST(ExpressionReferences, ListWhatTheTemplateReads) {
  const CompiledTemplate parsed =
      compiled(R"({{ nodes.fetch.output }} {{ nodes["http-1"].x }}{{ item.a }} {{ env.REGION }})"
               R"( {{ secrets.API_KEY }} {{ trigger }} {{ execution.id }} {{ workflow }})");
  EXPECT_EQ(parsed.references(),
            (std::vector<TemplateReference>{{ExpressionRoot::Nodes, "fetch", 0},
                                            {ExpressionRoot::Nodes, "http-1", 25},
                                            {ExpressionRoot::Item, "", 48},
                                            {ExpressionRoot::Env, "REGION", 61},
                                            {ExpressionRoot::Secrets, "API_KEY", 78},
                                            {ExpressionRoot::Trigger, "", 100},
                                            {ExpressionRoot::Execution, "", 114},
                                            {ExpressionRoot::Workflow, "", 133}}));
  EXPECT_TRUE(compiled(R"(no \{{ references }})").references().empty());
}

}  // namespace
}  // namespace orchestra::runtime
