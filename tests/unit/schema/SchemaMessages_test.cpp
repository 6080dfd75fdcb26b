#include <Poco/DateTime.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/schema/Schema.hpp"
#include "tests/unit/schema/SchemaTestSupport.hpp"

namespace orchestra::schema {
namespace {

using testing::Instance;
using testing::Representation;

// Every test runs on the instance parsed by Poco::JSON and by RapidJSON, expecting the same.
class SchemaMessages : public testing::OnBothRepresentations {
 protected:
  std::vector<ValidationIssue> issuesOf(std::string_view schema, std::string_view text,
                                        const CompileOptions& options = {}) const {
    const Schema compiled = Schema::compile(schema, options);
    const Instance value = instance(text);
    const ValidationResult result = value.validateAgainst(compiled);
    EXPECT_EQ(result.valid(), value.isValidAgainst(compiled)) << "validate and isValid disagree";
    return result.issues();
  }

  ValidationIssue onlyIssue(std::string_view schema, std::string_view text) const {
    const auto issues = issuesOf(schema, text);
    EXPECT_EQ(issues.size(), 1U);
    return issues.empty() ? ValidationIssue{} : issues.front();
  }
};

INSTANTIATE_TEST_SUITE_P(Both, SchemaMessages, testing::representations(),
                         testing::representationName);

TEST_P(SchemaMessages, TypeNamesWhatWasExpected) {
  EXPECT_EQ(onlyIssue(R"({"type": "string"})", "1"),
            (ValidationIssue{"", "type", "must be a string"}));
  EXPECT_EQ(onlyIssue(R"({"type": "integer"})", "1.5").message, "must be an integer");
  EXPECT_EQ(onlyIssue(R"({"type": ["string", "null"]})", "true").message,
            "must be a string or null");
  EXPECT_EQ(onlyIssue(R"({"type": ["integer", "string", "null"]})", "{}").message,
            "must be a string, an integer or null");
  EXPECT_TRUE(issuesOf(R"({"type": "integer"})", "2.0").empty());  // zero fraction: an integer
}

TEST_P(SchemaMessages, AWrongTypeIsTheOnlyIssueForThatValue) {
  EXPECT_EQ(onlyIssue(R"({"type": "string", "enum": ["a"], "minLength": 3})", "7").keyword, "type");
}

TEST_P(SchemaMessages, PathsPointAtTheValueAtFault) {
  const char* schema = R"({"type": "object", "properties": {"items": {"type": "array",
      "items": {"type": "object", "properties": {"name": {"type": "string"}}}}}})";
  EXPECT_EQ(onlyIssue(schema, R"({"items": [{"name": "a"}, {"name": 3}]})"),
            (ValidationIssue{"/items/1/name", "type", "must be a string"}));
  const auto escaped =
      onlyIssue(R"({"properties": {"a/b~c": {"type": "string"}}})", R"({"a/b~c": 1})");
  EXPECT_EQ(escaped.instance_path, "/a~1b~0c");
}

TEST_P(SchemaMessages, RequiredPointsAtTheMissingProperty) {
  EXPECT_EQ(onlyIssue(R"({"properties": {"server": {"required": ["url"]}}})", R"({"server": {}})"),
            (ValidationIssue{"/server/url", "required", "is a required property"}));
}

TEST_P(SchemaMessages, NumbersAndStrings) {
  EXPECT_EQ(onlyIssue(R"({"maximum": 10})", "11").message, "must be at most 10");
  EXPECT_EQ(onlyIssue(R"({"minimum": 0.5})", "0").message, "must be at least 0.5");
  EXPECT_EQ(onlyIssue(R"({"exclusiveMinimum": 0})", "0").message, "must be greater than 0");
  EXPECT_EQ(onlyIssue(R"({"exclusiveMaximum": 1})", "1").message, "must be less than 1");
  EXPECT_EQ(onlyIssue(R"({"multipleOf": 5})", "12").message, "must be a multiple of 5");
  EXPECT_EQ(onlyIssue(R"({"enum": ["GET", "POST"]})", R"("PUT")").message,
            "must be one of: GET, POST");
  EXPECT_EQ(onlyIssue(R"({"enum": [1, null, [true]]})", "2").message,
            "must be one of: 1, null, [true]");
  EXPECT_EQ(onlyIssue(R"({"const": "v1"})", R"("v2")").message, "must be equal to v1");
  EXPECT_EQ(onlyIssue(R"({"pattern": "^a"})", R"("ba")").message, "must match pattern ^a");
  EXPECT_EQ(onlyIssue(R"({"minLength": 2})", R"("a")").message,
            "must be at least 2 characters long");
  EXPECT_EQ(onlyIssue(R"({"maxLength": 1})", R"("ab")").message,
            "must be at most 1 character long");
}

TEST_P(SchemaMessages, PatternIsAnUnanchoredSearch) {
  EXPECT_TRUE(issuesOf(R"({"pattern": "b+"})", R"("abbbc")").empty());
}

TEST_P(SchemaMessages, LengthsCountCodePointsNotBytes) {
  EXPECT_TRUE(issuesOf(R"({"maxLength": 5})", R"("héllo")").empty());
  EXPECT_TRUE(issuesOf(R"({"maxLength": 1})", "\"\xF0\x9F\x98\x80\"").empty());  // one emoji
  EXPECT_EQ(issuesOf(R"({"minLength": 2})", "\"\xF0\x9F\x98\x80\"").size(), 1U);
}

TEST_P(SchemaMessages, UnknownPropertiesAreNamedWithASuggestion) {
  const char* schema = R"({"properties": {"file": {}}, "additionalProperties": false})";
  EXPECT_EQ(onlyIssue(schema, R"({"fle": 1})"),
            (ValidationIssue{"", "additionalProperties",
                             "has unknown property \"fle\" (did you mean \"file\"?)"}));
  EXPECT_EQ(onlyIssue(schema, R"({"colour": 1})").message, "has unknown property \"colour\"");
}

TEST_P(SchemaMessages, ArraysAndObjects) {
  EXPECT_EQ(onlyIssue(R"({"minItems": 1})", "[]").message, "must have at least 1 item");
  EXPECT_EQ(onlyIssue(R"({"maxItems": 2})", "[1, 2, 3]").message, "must have at most 2 items");
  EXPECT_EQ(onlyIssue(R"({"uniqueItems": true})", R"([1, "a", 1.0])").message,
            "must not contain duplicate items (items 0 and 2 are equal)");
  EXPECT_EQ(onlyIssue(R"({"minProperties": 2})", R"({"a": 1})").message,
            "must have at least 2 properties");
  EXPECT_EQ(onlyIssue(R"({"maxProperties": 1})", R"({"a": 1, "b": 2})").message,
            "must have at most 1 property");
  EXPECT_EQ(onlyIssue(R"({"propertyNames": {"pattern": "^[a-z]+$"}})", R"({"Bad": 1})").message,
            "has invalid property name \"Bad\": must match pattern ^[a-z]+$");
  EXPECT_EQ(
      onlyIssue(R"({"dependentRequired": {"user": ["password"]}})", R"({"user": "a"})"),
      (ValidationIssue{"/password", "dependentRequired", "is required when \"user\" is present"}));
}

TEST_P(SchemaMessages, EveryIssueIsCollected) {
  const char* schema = R"({"type": "object", "required": ["url", "method"],
      "properties": {"url": {"type": "string"}, "timeout_ms": {"type": "integer", "minimum": 1},
                     "retries": {"maximum": 5}}})";
  const auto issues = issuesOf(schema, R"({"timeout_ms": 0, "retries": 9})");
  ASSERT_EQ(issues.size(), 4U);
  EXPECT_EQ(issues[0], (ValidationIssue{"/url", "required", "is a required property"}));
  EXPECT_EQ(issues[1], (ValidationIssue{"/method", "required", "is a required property"}));
  EXPECT_EQ(issues[2], (ValidationIssue{"/retries", "maximum", "must be at most 5"}));
  EXPECT_EQ(issues[3], (ValidationIssue{"/timeout_ms", "minimum", "must be at least 1"}));
}

TEST_P(SchemaMessages, OneOfExplainsTheBranchTheValueMeant) {
  const char* schema = R"({"oneOf": [
      {"type": "object", "properties": {"kind": {"const": "http"}, "url": {"type": "string"}},
       "required": ["kind", "url"]},
      {"type": "object", "properties": {"kind": {"const": "llm"}, "model": {"type": "string"}},
       "required": ["kind", "model"]}]})";
  EXPECT_EQ(onlyIssue(schema, R"({"kind": "llm"})"),
            (ValidationIssue{"/model", "required", "is a required property"}));
  EXPECT_EQ(onlyIssue(schema, R"({"kind": "ftp"})"),
            (ValidationIssue{"", "oneOf", "must match exactly one of the allowed schemas"}));
  EXPECT_EQ(
      onlyIssue(R"({"anyOf": [{"type": "string"}, {"type": "object", "required": ["a"]}]})", "{}"),
      (ValidationIssue{"/a", "required", "is a required property"}));
  EXPECT_EQ(onlyIssue(R"({"oneOf": [{"minimum": 1}, {"maximum": 5}]})", "3").message,
            "must match exactly one of the allowed schemas, but matches more than one");
  EXPECT_EQ(onlyIssue(R"({"not": {"type": "null"}})", "null").message,
            "must not match the disallowed schema");
  EXPECT_EQ(onlyIssue(R"({"properties": {"a": false}})", R"({"a": 1})"),
            (ValidationIssue{"/a", "false", "is not allowed"}));
}

TEST_P(SchemaMessages, FormatsAreAssertedUnlessTurnedOff) {
  const char* schema = R"({"format": "email"})";
  EXPECT_EQ(onlyIssue(schema, R"("not-an-address")"),
            (ValidationIssue{"", "format", "must be a valid email address"}));
  CompileOptions annotation_only;
  annotation_only.assert_formats = false;
  EXPECT_TRUE(issuesOf(schema, R"("not-an-address")", annotation_only).empty());
  EXPECT_TRUE(issuesOf(R"({"format": "x-unknown"})", R"("anything")").empty());
  EXPECT_TRUE(issuesOf(schema, "12").empty());  // formats only apply to strings
}

TEST_P(SchemaMessages, MessagesNeverQuoteTheInstance) {
  const char* schema =
      R"({"properties": {"api_key": {"secret": true, "pattern": "^sk-", "maxLength": 8}}})";
  for (const ValidationIssue& issue : issuesOf(schema, R"({"api_key": "hunter2-hunter2"})")) {
    EXPECT_EQ(issue.message.find("hunter2"), std::string::npos) << issue.message;
  }
}

TEST_P(SchemaMessages, OverlongStringsAreRefusedByPatternNotSearched) {
  const std::string overlong = "\"" + std::string(200000, 'a') + "\"";  // would overflow std::regex
  const auto issues = issuesOf(R"({"pattern": "^(a|b)*$"})", overlong);
  ASSERT_EQ(issues.size(), 1U);
  EXPECT_EQ(issues[0].message,
            "is too long to be checked against pattern ^(a|b)*$ (the limit is 1024 bytes)");
  CompileOptions roomy;
  roomy.max_pattern_subject_bytes = 4096;
  EXPECT_TRUE(
      issuesOf(R"({"pattern": "^(a|b)*$"})", "\"" + std::string(3000, 'a') + "\"", roomy).empty());
}

TEST_P(SchemaMessages, DeeplyNestedInstancesAreRefused) {
  const Schema schema = Schema::compile(R"({"properties": {"next": {"$ref": "#"}}})");
  constexpr int kLevels = 200;
  ValidationResult result;
  if (GetParam() == Representation::Poco) {
    // Built by hand: Poco's parser itself stops at 128 levels, other producers may not.
    Poco::Dynamic::Var nested = 1;
    for (int i = 0; i < kLevels; ++i) {
      Poco::JSON::Object::Ptr level = new Poco::JSON::Object;
      level->set("next", nested);
      nested = level;
    }
    result = schema.validate(nested);
  } else {
    std::string text;
    for (int i = 0; i < kLevels; ++i)
      text += R"({"next":)";
    text += "1" + std::string(kLevels, '}');
    result = instance(text).validateAgainst(schema);
  }
  const auto& issues = result.issues();
  ASSERT_EQ(issues.size(), 1U);
  EXPECT_EQ(issues[0].keyword, "depth");
}

// Poco only: RapidJSON has no by-value containers and no values that are not JSON.
TEST(SchemaMessagesPoco, AcceptsObjectsHeldByValueAndValuesThatAreNotJson) {
  const Schema schema = Schema::compile(R"({"type": "object", "required": ["a"]})");
  Poco::JSON::Object by_value;
  by_value.set("a", 1);
  EXPECT_TRUE(schema.isValid(Poco::Dynamic::Var(by_value)));
  const auto not_json = Schema::compile("{}").validate(Poco::Dynamic::Var(Poco::DateTime()));
  ASSERT_EQ(not_json.issues().size(), 1U);
  EXPECT_EQ(not_json.issues()[0].message, "is not a JSON value");
  EXPECT_EQ(schema.validate(Poco::Dynamic::Var()).issues()[0].message, "must be an object");
}

TEST_P(SchemaMessages, DraftSevenRefReplacesItsSiblingsWhenTheSchemaSaysSo) {
  const char* siblings =
      R"({"$defs": {"s": {"type": "string"}}, "$ref": "#/$defs/s", "maxLength": 1})";
  EXPECT_EQ(issuesOf(siblings, R"("abc")").size(), 1U);  // 2020-12: both apply
  const std::string draft7 =
      R"({"$schema": "http://json-schema.org/draft-07/schema#", )" + std::string(siblings + 1);
  EXPECT_TRUE(issuesOf(draft7, R"("abc")").empty());
}

// Past kMaxRecordedIssues the issues are counted, not held: a body of many unknown members
// would otherwise cost several times its size in issues.
TEST_P(SchemaMessages, IssuesPastTheRecordedMaximumAreOnlyCounted) {
  std::string text = "{";
  for (int i = 0; i < 500; ++i)
    text += (i == 0 ? "\"" : ",\"") + std::string("unknown_") + std::to_string(i) + "\":0";
  text += "}";
  const Schema schema = Schema::compile(R"({"type": "object", "additionalProperties": false})");
  const ValidationResult result = instance(text).validateAgainst(schema);
  EXPECT_FALSE(result.valid());
  EXPECT_EQ(result.issues().size(), kMaxRecordedIssues);
  EXPECT_EQ(result.omittedIssues(), 500 - kMaxRecordedIssues);
  EXPECT_FALSE(instance(text)
                   .validateAgainst(Schema::compile(R"({"type": "object", "maxProperties": 1})"))
                   .valid());
}

}  // namespace
}  // namespace orchestra::schema
