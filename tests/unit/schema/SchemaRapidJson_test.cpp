// What only RapidJSON instances raise: values compared with the schema's own values (which are
// Poco's), numbers stored differently, duplicate member names, and defaults that must be copied
// into the document's allocator. The rest runs on both representations in the other schema tests.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/schema/JsonValue.hpp"
#include "host/schema/Schema.hpp"
#include "tests/unit/schema/SchemaTestSupport.hpp"

namespace orchestra::schema {
namespace {

using testing::Instance;
using testing::json;
using testing::parseRapidJson;
using testing::rapidJsonText;
using testing::Representation;

std::vector<ValidationIssue> issuesOf(std::string_view schema, std::string_view text,
                                      Representation representation) {
  return Instance(text, representation).validateAgainst(Schema::compile(schema)).issues();
}

bool rapidIsValid(std::string_view schema, std::string_view text) {
  return Instance(text, Representation::RapidJson).isValidAgainst(Schema::compile(schema));
}

// The same text must give the same issues, in the same order, whichever parser read it.
void expectSameIssues(std::string_view schema, std::string_view text) {
  const auto poco = issuesOf(schema, text, Representation::Poco);
  const auto rapid = issuesOf(schema, text, Representation::RapidJson);
  EXPECT_EQ(rapid, poco) << "schema " << schema << ", instance " << text;
}

TEST(SchemaRapidJson, ConstAndEnumCompareNumbersByValueNotByStorage) {
  EXPECT_TRUE(rapidIsValid(R"({"const": 1})", "1.0"));
  EXPECT_TRUE(rapidIsValid(R"({"const": 1.0})", "1"));
  EXPECT_TRUE(rapidIsValid(R"({"enum": ["a", 2.5, 7]})", "7.0"));
  EXPECT_TRUE(rapidIsValid(R"({"const": 0})", "-0.0"));
  EXPECT_TRUE(rapidIsValid(R"({"const": 18446744073709551615})", "18446744073709551615"));
  EXPECT_TRUE(rapidIsValid(R"({"const": 9223372036854775807})", "9223372036854775807"));
  EXPECT_FALSE(rapidIsValid(R"({"const": -1})", "18446744073709551615"));
  EXPECT_FALSE(rapidIsValid(R"({"const": 18446744073709551615})", "-1"));
  EXPECT_FALSE(rapidIsValid(R"({"const": 1})", "1.5"));
}

TEST(SchemaRapidJson, BooleansNeverEqualNumbers) {
  EXPECT_FALSE(rapidIsValid(R"({"const": 1})", "true"));
  EXPECT_FALSE(rapidIsValid(R"({"const": false})", "0"));
  EXPECT_FALSE(rapidIsValid(R"({"enum": [0, 1]})", "false"));
  EXPECT_TRUE(rapidIsValid(R"({"enum": [0, true]})", "true"));
  EXPECT_FALSE(rapidIsValid(R"({"const": [1]})", "[true]"));
}

TEST(SchemaRapidJson, ObjectsAreEqualWhateverTheirMemberOrder) {
  const char* schema = R"({"const": {"a": 1, "b": [1, {"c": null}], "": "x"}})";
  EXPECT_TRUE(rapidIsValid(schema, R"({"b": [1.0, {"c": null}], "": "x", "a": 1})"));
  EXPECT_FALSE(rapidIsValid(schema, R"({"b": [1.0, {"c": null}], "a": 1})"));
  EXPECT_FALSE(rapidIsValid(schema, R"({"b": [1, {"c": null}], "": "x", "a": 1, "d": 0})"));
  EXPECT_FALSE(rapidIsValid(schema, R"({"b": [{"c": null}, 1], "": "x", "a": 1})"));
  EXPECT_TRUE(rapidIsValid(R"({"enum": [{}, []]})", "[]"));
  EXPECT_FALSE(rapidIsValid(R"({"enum": [{}]})", "[]"));
}

TEST(SchemaRapidJson, UniqueItemsFindsEqualItemsOfEveryStorage) {
  const char* unique = R"({"uniqueItems": true})";
  EXPECT_FALSE(rapidIsValid(unique, "[1, 1.0]"));
  EXPECT_FALSE(rapidIsValid(unique, "[0, -0.0]"));
  EXPECT_FALSE(rapidIsValid(unique, R"([{"a": 1, "b": 2}, {"b": 2.0, "a": 1}])"));
  EXPECT_FALSE(rapidIsValid(unique, R"([[1, {"x": null}], [1.0, {"x": null}]])"));
  EXPECT_TRUE(rapidIsValid(unique, "[true, 1, false, 0, null]"));
  EXPECT_TRUE(rapidIsValid(unique, "[18446744073709551615, -1]"));
  EXPECT_TRUE(rapidIsValid(unique, R"([{"a": 1}, {"a": 1, "b": 2}, {"b": 1}])"));
  EXPECT_EQ(issuesOf(unique, R"(["x", {"a": [2]}, "y", {"a": [2.0]}])", Representation::RapidJson)
                .at(0)
                .message,
            "must not contain duplicate items (items 1 and 3 are equal)");
}

TEST(SchemaRapidJson, NumbersAndStringsGiveTheSameIssuesAsPoco) {
  expectSameIssues(R"({"type": "integer"})", "2.0");
  expectSameIssues(R"({"type": "integer"})", "2.5");
  expectSameIssues(R"({"multipleOf": 3})", "-9");
  expectSameIssues(R"({"multipleOf": 3})", "9223372036854775807");
  expectSameIssues(R"({"multipleOf": 0.01})", "0.07");
  expectSameIssues(R"({"maximum": 1e308})", "1.7976931348623157e308");
  expectSameIssues(R"({"minimum": 0.1})", "0.09999999999999999");
  expectSameIssues(R"({"format": "date-time", "maxLength": 3})", R"("2024-02-30T00:00:00Z")");
  expectSameIssues(R"({"pattern": "^é+$", "minLength": 3})", R"("éé")");
}

// Poco::JSON's parser keeps the last of several members with one name (Object::set overwrites);
// the RapidJSON document keeps them all, and the validator reads it as Poco would.
TEST(SchemaRapidJson, DuplicateNamesAreReadAsPocoReadsThem) {
  const char* typed = R"({"properties": {"a": {"type": "integer"}}})";
  EXPECT_TRUE(rapidIsValid(typed, R"({"a": "x", "a": 1})"));
  EXPECT_FALSE(rapidIsValid(typed, R"({"a": 1, "a": "x"})"));
  expectSameIssues(typed, R"({"a": 1, "b": 0, "a": "x", "a": [], "b": 1})");
  expectSameIssues(R"({"maxProperties": 1})", R"({"a": 1, "a": 2})");
  expectSameIssues(R"({"minProperties": 2})", R"({"a": 1, "a": 2})");
  expectSameIssues(R"({"const": {"a": 2}})", R"({"a": 1, "a": 2})");
  expectSameIssues(R"({"const": {"a": 2}})", R"({"a": 2, "a": 1})");
  expectSameIssues(R"({"additionalProperties": false, "properties": {"b": {}}})",
                   R"({"x": 1, "b": 2, "x": 3, "x": 4})");
  expectSameIssues(R"({"propertyNames": {"maxLength": 1}})", R"({"long": 1, "long": 2})");
  expectSameIssues(R"({"required": ["a"], "properties": {"a": {"const": 1}}})",
                   R"({"a": 2, "a": 1})");
  expectSameIssues(R"({"oneOf": [{"properties": {"k": {"const": "x"}}, "required": ["v"]},
                                 {"properties": {"k": {"const": "y"}}, "required": ["w"]}]})",
                   R"({"k": "x", "k": "y"})");
  EXPECT_FALSE(rapidIsValid(R"({"uniqueItems": true})", R"([{"a": 1, "a": 2}, {"a": 2}])"));
  EXPECT_TRUE(rapidIsValid(R"({"uniqueItems": true})", R"([{"a": 1, "a": 2}, {"a": 1}])"));
}

TEST(SchemaRapidJson, MembersAreReportedInNameOrderAsWithPoco) {
  const char* schema = R"({"additionalProperties": {"type": "string"}})";
  const auto issues =
      issuesOf(schema, R"({"zeta": 1, "alpha": 2, "Beta": 3, "\u00e9": 4, "a\u0000b": 5})",
               Representation::RapidJson);
  std::vector<std::string> paths;
  paths.reserve(issues.size());
  for (const ValidationIssue& issue : issues)
    paths.push_back(issue.instance_path);
  EXPECT_EQ(paths, (std::vector<std::string>{"/Beta", std::string("/a\0b", 4), "/alpha", "/zeta",
                                             "/\u00e9"}));
  expectSameIssues(schema, R"({"zeta": 1, "alpha": 2, "Beta": 3, "\u00e9": 4})");
}

TEST(SchemaRapidJson, JsonEqualsAndHashAgreeAcrossRepresentations) {
  rapidjson::Document document;
  parseRapidJson(R"({"b": [1, 2.5, "x", null, true], "a": {"c": 9223372036854775807}})", document);
  const auto poco = json(R"({"a": {"c": 9223372036854775807}, "b": [1.0, 2.5, "x", null, true]})");
  EXPECT_TRUE(jsonEquals(document, poco));
  rapidjson::Document reordered;
  parseRapidJson(R"({"a": {"c": 9223372036854775807}, "b": [1.0, 2.5, "x", null, true]})",
                 reordered);
  EXPECT_TRUE(jsonEquals(document, reordered));
  EXPECT_EQ(jsonHash(document), jsonHash(reordered));
  EXPECT_EQ(jsonHash(document), jsonHash(poco));
  EXPECT_EQ(jsonKind(document["a"]["c"]), JsonKind::Integer);
  EXPECT_EQ(jsonKind(document["b"][1]), JsonKind::Real);
}

const char* const kDefaultsSchema = R"({
  "properties": {
    "name": {"type": "string", "default": "a name long enough to be allocated, not inlined"},
    "retry": {"type": "object", "default": {},
              "properties": {"attempts": {"default": 3}, "backoff": {"$ref": "#/$defs/backoff"}}},
    "tags": {"type": "array", "items": {"properties": {"on": {"default": true}}}}
  },
  "$defs": {"backoff": {"type": "object", "default": {"initial_ms": 100, "unit": "ms"}}}
})";

TEST(SchemaRapidJson, DefaultsAreCopiedIntoTheDocumentWithItsAllocator) {
  rapidjson::Document document;
  parseRapidJson(R"({"tags": [{}, {"on": false}]})", document);
  {
    // The schema goes away before the document is read: nothing may point back into it.
    const Schema schema = Schema::compile(kDefaultsSchema);
    schema.applyDefaultsInPlace(document, document.GetAllocator());
  }
  EXPECT_EQ(rapidJsonText(document),
            R"({"tags":[{"on":true},{"on":false}],)"
            R"("name":"a name long enough to be allocated, not inlined",)"
            R"("retry":{"attempts":3,"backoff":{"initial_ms":100,"unit":"ms"}}})");
}

TEST(SchemaRapidJson, FilledDefaultsAreTheDocumentsOwn) {
  const Schema schema = Schema::compile(kDefaultsSchema);
  rapidjson::Document first;
  parseRapidJson("{}", first);
  schema.applyDefaultsInPlace(first, first.GetAllocator());
  first["retry"]["backoff"]["initial_ms"].SetInt(1);
  first["name"].SetString("changed");
  rapidjson::Document second;
  parseRapidJson("{}", second);
  schema.applyDefaultsInPlace(second, second.GetAllocator());
  EXPECT_EQ(second["retry"]["backoff"]["initial_ms"].GetInt(), 100);
  EXPECT_STREQ(second["name"].GetString(), "a name long enough to be allocated, not inlined");
}

TEST(SchemaRapidJson, DefaultsFillTheSubtreeTheyAreGiven) {
  const Schema schema = Schema::compile(kDefaultsSchema);
  rapidjson::Document document;
  parseRapidJson(R"({"config": {"retry": {"attempts": 0}}})", document);
  schema.applyDefaultsInPlace(document["config"], document.GetAllocator());
  EXPECT_EQ(rapidJsonText(document),
            R"({"config":{"retry":{"attempts":0,"backoff":{"initial_ms":100,"unit":"ms"}},)"
            R"("name":"a name long enough to be allocated, not inlined"}})");
}

TEST(SchemaRapidJson, DefaultsFillTheLastOfDuplicateMembers) {
  const Schema schema = Schema::compile(kDefaultsSchema);
  rapidjson::Document document;
  parseRapidJson(R"({"retry": {"attempts": 1}, "retry": {"attempts": 2}, "name": "n"})", document);
  schema.applyDefaultsInPlace(document, document.GetAllocator());
  EXPECT_EQ(rapidJsonText(document),
            R"({"retry":{"attempts":1},)"
            R"("retry":{"attempts":2,"backoff":{"initial_ms":100,"unit":"ms"}},"name":"n"})");
  // Read as Poco would read it, the document is what Poco's own filling makes of the text.
  Poco::Dynamic::Var poco =
      json(R"({"retry": {"attempts": 1}, "retry": {"attempts": 2}, "name": "n"})");
  schema.applyDefaultsInPlace(poco);
  EXPECT_EQ(testing::text(json(rapidJsonText(document))), testing::text(poco));
}

}  // namespace
}  // namespace orchestra::schema
