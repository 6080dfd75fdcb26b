#include <gtest/gtest.h>

#include <string>

#include "host/schema/Schema.hpp"
#include "tests/unit/schema/SchemaTestSupport.hpp"

namespace orchestra::schema {
namespace {

// The tests that validate instances run on both representations (Poco::JSON and RapidJSON).
class SchemaCompileValidates : public testing::OnBothRepresentations {
 protected:
  bool isValid(const Schema& schema, std::string_view text) const {
    return instance(text).isValidAgainst(schema);
  }
  ValidationResult validate(const Schema& schema, std::string_view text) const {
    return instance(text).validateAgainst(schema);
  }
};

INSTANTIATE_TEST_SUITE_P(Both, SchemaCompileValidates, testing::representations(),
                         testing::representationName);

// The message of the SchemaError that compiling `schema` throws ("" if it compiles).
std::string compileError(std::string_view schema) {
  try {
    Schema::compile(schema);
  } catch (const SchemaError& error) {
    return error.what();
  }
  return "";
}

TEST(SchemaCompile, ErrorsNameTheKeywordsPointer) {
  EXPECT_EQ(compileError(R"({"properties": {"port": {"minimum": "1"}}})"),
            "invalid schema at #/properties/port/minimum: must be a number");
  EXPECT_EQ(compileError(R"({"type": "strin"})"),
            "invalid schema at #/type: must be a type name (null, boolean, object, array, number, "
            "integer, string) or an array of them");
  EXPECT_EQ(compileError(R"({"items": {"pattern": "("}})"),
            "invalid schema at #/items/pattern: \"(\" is not a valid (ECMAScript) regular "
            "expression");
  EXPECT_EQ(compileError(R"({"anyOf": []})"),
            "invalid schema at #/anyOf: must be a non-empty array of schemas");
  EXPECT_EQ(compileError(R"({"properties": {"a": 3}})"),
            "invalid schema at #/properties/a: a schema must be an object or a boolean");
  EXPECT_EQ(compileError(R"({"multipleOf": 0})"),
            "invalid schema at #/multipleOf: must be greater than 0");
  EXPECT_EQ(compileError(R"({"minLength": -1})"),
            "invalid schema at #/minLength: must be a non-negative integer");
  EXPECT_EQ(compileError(R"({"required": "name"})"),
            "invalid schema at #/required: must be an array of strings");
  EXPECT_EQ(compileError(R"({"$defs": {"a/b": {"type": 1}}})"),
            "invalid schema at #/$defs/a~1b/type: must be a type name (null, boolean, object, "
            "array, number, integer, string) or an array of them");
  EXPECT_EQ(compileError(R"({"secret": "yes"})"),
            "invalid schema at #/secret: must be true or false");
}

TEST(SchemaCompile, NotJsonIsASchemaError) {
  EXPECT_EQ(compileError("{\"type\": ").rfind("invalid schema: not JSON", 0), 0U);
  EXPECT_EQ(compileError("42"), "invalid schema at #: a schema must be an object or a boolean");
}

TEST(SchemaCompile, OnlyLocalReferencesResolve) {
  EXPECT_EQ(compileError(R"({"$ref": "https://example.com/schema.json"})"),
            "invalid schema at #/$ref: \"https://example.com/schema.json\": only references inside "
            "this schema (\"#\" or \"#/$defs/...\") are supported");
  EXPECT_EQ(compileError(R"({"$ref": "#/$defs/missing"})"),
            "invalid schema at #/$ref: \"#/$defs/missing\" does not exist in this schema");
}

TEST(SchemaCompile, ReferenceCyclesThatNeverDescendAreRejected) {
  const std::string error = compileError(
      R"({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}})");
  EXPECT_NE(error.find("leads back to this schema"), std::string::npos) << error;
}

TEST_P(SchemaCompileValidates, RecursiveSchemasThroughPropertiesWork) {
  const Schema tree = Schema::compile(R"({
    "$defs": {"node": {"type": "object", "required": ["name"],
              "properties": {"name": {"type": "string"},
                             "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}},
    "$ref": "#/$defs/node"})");
  EXPECT_TRUE(isValid(tree, R"({"name": "a", "children": [{"name": "b", "children": []}]})"));
  const auto issues = validate(tree, R"({"name": "a", "children": [{"children": []}]})");
  ASSERT_EQ(issues.issues().size(), 1U);
  EXPECT_EQ(issues.issues()[0].instance_path, "/children/0/name");
  // The older spelling, and pointers with escapes, resolve the same way.
  EXPECT_TRUE(isValid(Schema::compile(R"({"definitions": {"a b": {"type": "integer"}},
                                          "$ref": "#/definitions/a%20b"})"),
                      "3"));
}

TEST_P(SchemaCompileValidates, UnknownKeywordsAreIgnored) {
  const Schema schema = Schema::compile(R"({"title": 3, "x-ui": {"widget": "slider"},
                                            "description": ["any", "thing"], "type": "number"})");
  EXPECT_TRUE(isValid(schema, "1"));
}

TEST_P(SchemaCompileValidates, BooleanSchemas) {
  EXPECT_TRUE(isValid(Schema::compile("true"), R"({"a": [1]})"));
  EXPECT_FALSE(isValid(Schema::compile("false"), "null"));
}

TEST_P(SchemaCompileValidates, DraftFourExclusiveBoundsAreRead) {
  const Schema schema = Schema::compile(R"({"maximum": 10, "exclusiveMaximum": true})");
  EXPECT_TRUE(isValid(schema, "9.5"));
  EXPECT_EQ(validate(schema, "10").issues()[0].message, "must be less than 10");
}

TEST_P(SchemaCompileValidates, CopiesShareTheCompiledSchema) {
  const Schema original = Schema::compile(R"({"type": "string"})");
  const Schema copy = original;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_FALSE(isValid(copy, "1"));
}

}  // namespace
}  // namespace orchestra::schema
