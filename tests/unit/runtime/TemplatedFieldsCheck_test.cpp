#include "host/runtime/TemplatedFieldsCheck.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <string>

namespace orchestra::runtime {
namespace {

Poco::Dynamic::Var parse(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text);
}

bool ignores(const std::string& config, const std::string& schema) {
  return schemaIgnoresTemplatedValues(parse(config), parse(schema));
}

// core.set's schema: "values" is an object of anything (or a list of {path, value}).
const char* const kSetSchema =
    R"({"type":"object","properties":{)"
    R"("values":{"oneOf":[)"
    R"({"type":"object","maxProperties":200,"propertyNames":{"minLength":1,"maxLength":200}},)"
    R"({"type":"array","maxItems":200,"items":{"type":"object","properties":{)"
    R"("path":{"type":"string","minLength":1},"value":{}},)"
    R"("required":["path","value"],"additionalProperties":false}}]},)"
    R"("keep_input":{"type":"boolean","default":false}},)"
    R"("required":["values"],"additionalProperties":false})";

TEST(TemplatedFieldsCheck, TemplatesWhereTheSchemaAcceptsAnythingAreIgnored) {
  EXPECT_TRUE(ignores(R"({"values":{"value":"{{ nodes.a.output.value }}","step":1}})", kSetSchema));
  EXPECT_TRUE(ignores(R"({"values":[{"path":"a","value":"{{ trigger.data }}"}]})", kSetSchema));
}

TEST(TemplatedFieldsCheck, AConfigWithoutTemplatesIsIgnoredWhateverTheSchema) {
  EXPECT_TRUE(ignores(R"({"values":{"a":1}})", R"({"$ref":"#/definitions/x","enum":[1]})"));
}

TEST(TemplatedFieldsCheck, ATemplateTheSchemaConstrainsIsCheckedPerRun) {
  // The template's value decides: a path must be a non-empty string.
  EXPECT_FALSE(ignores(R"({"values":[{"path":"{{ trigger.data.p }}","value":1}]})", kSetSchema));
  EXPECT_FALSE(ignores(R"({"keep_input":"{{ trigger.data.keep }}","values":{}})", kSetSchema));
  EXPECT_FALSE(ignores(R"({"url":"{{ x }}"})",
                       R"({"type":"object","properties":{"url":{"type":"string"}}})"));
}

TEST(TemplatedFieldsCheck, AdditionalPropertiesJudgeTheMembersTheyCover) {
  const char* schema = R"({"type":"object","additionalProperties":{"type":"integer"}})";
  EXPECT_FALSE(ignores(R"({"n":"{{ x }}"})", schema));
  EXPECT_TRUE(ignores(R"({"n":"{{ x }}"})", R"({"type":"object","additionalProperties":{}})"));
  EXPECT_FALSE(ignores(R"({"n":"{{ x }}"})", R"({"type":"object","additionalProperties":false})"));
}

TEST(TemplatedFieldsCheck, ValueKeywordsOnTheWayToATemplateAreNotIgnored) {
  // enum/const compare the whole object, uniqueItems the items: the template's value counts.
  EXPECT_FALSE(ignores(R"({"a":{"b":"{{ x }}"}})", R"({"properties":{"a":{"enum":[{"b":1}]}}})"));
  EXPECT_FALSE(ignores(R"({"a":["{{ x }}",1]})", R"({"properties":{"a":{"uniqueItems":true}}})"));
  EXPECT_FALSE(ignores(R"({"a":"{{ x }}"})", R"({"properties":{"a":{"$ref":"#/$defs/any"}}})"));
  EXPECT_FALSE(
      ignores(R"({"a":{"b":"{{ x }}"}})", R"({"patternProperties":{"^a$":{}},"properties":{}})"));
  EXPECT_FALSE(
      ignores(R"({"a":"{{ x }}"})", R"({"if":{"properties":{"a":{"const":1}}},"then":false})"));
}

TEST(TemplatedFieldsCheck, EveryBranchOfACombinatorMustIgnoreTheTemplate) {
  EXPECT_TRUE(
      ignores(R"({"a":"{{ x }}"})", R"({"anyOf":[{"properties":{"a":{}}},{"required":["a"]}]})"));
  EXPECT_FALSE(
      ignores(R"({"a":"{{ x }}"})",
              R"({"anyOf":[{"properties":{"a":{}}},{"properties":{"a":{"type":"string"}}}]})"));
  EXPECT_FALSE(ignores(R"({"a":"{{ x }}"})", R"({"not":{"properties":{"a":{"minLength":3}}}})"));
  EXPECT_TRUE(ignores(R"({"a":"{{ x }}"})",
                      R"({"properties":{"a":{"description":"any","oneOf":[true,{}]}}})"));
}

TEST(TemplatedFieldsCheck, ArrayItemsFollowTheirSchema) {
  EXPECT_TRUE(ignores(R"({"list":["{{ x }}"]})", R"({"properties":{"list":{"maxItems":3}}})"));
  EXPECT_FALSE(
      ignores(R"({"list":["{{ x }}"]})", R"({"properties":{"list":{"items":{"type":"number"}}}})"));
  EXPECT_FALSE(ignores(R"({"list":["{{ x }}"]})", R"({"properties":{"list":{"items":[{}]}}})"));
}

TEST(TemplatedFieldsCheck, BooleanSchemas) {
  // Poco's parser takes no bare true/false document: the schema as a value.
  const Poco::Dynamic::Var config = parse(R"({"a":"{{ x }}"})");
  EXPECT_TRUE(schemaIgnoresTemplatedValues(config, Poco::Dynamic::Var(true)));
  EXPECT_FALSE(schemaIgnoresTemplatedValues(config, Poco::Dynamic::Var(false)));
  EXPECT_TRUE(ignores(R"({"a":"{{ x }}"})", R"({"properties":{"a":true}})"));
  EXPECT_FALSE(ignores(R"({"a":"{{ x }}"})", R"({"properties":{"a":false}})"));
}

}  // namespace
}  // namespace orchestra::runtime
