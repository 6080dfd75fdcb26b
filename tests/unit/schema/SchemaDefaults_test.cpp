#include <gtest/gtest.h>

#include "host/schema/Schema.hpp"
#include "tests/unit/schema/SchemaTestSupport.hpp"

namespace orchestra::schema {
namespace {

using testing::Instance;
using testing::json;
using testing::text;

const char* const kPluginSchema = R"({
  "type": "object",
  "required": ["base_url", "timeout_ms"],
  "properties": {
    "base_url": {"type": "string", "default": "https://api.example.com"},
    "timeout_ms": {"type": "integer", "default": 30000},
    "headers": {"type": "array", "items": {"type": "object",
                "properties": {"name": {"type": "string"}, "sensitive": {"default": false}}}},
    "retry": {"type": "object", "default": {},
              "properties": {"attempts": {"default": 3}, "backoff": {"$ref": "#/$defs/backoff"}}},
    "proxy": {"type": "object", "properties": {"port": {"default": 8080}}}
  },
  "$defs": {"backoff": {"type": "object", "default": {"initial_ms": 100}}}
})";

// Filled in place, as the HTTP dispatcher fills a request body, on both representations.
class SchemaDefaults : public testing::OnBothRepresentations {
 protected:
  std::string filled(const Schema& schema, std::string_view text) const {
    return instance(text).fillDefaults(schema);
  }
};

INSTANTIATE_TEST_SUITE_P(Both, SchemaDefaults, testing::representations(),
                         testing::representationName);

TEST_P(SchemaDefaults, FillsMissingPropertiesRecursively) {
  const Schema schema = Schema::compile(kPluginSchema);
  Instance value = instance(R"({"headers": [{"name": "a"}]})");
  EXPECT_EQ(value.fillDefaults(schema),
            R"({"base_url":"https://api.example.com","headers":[{"name":"a","sensitive":false}],)"
            R"("retry":{"attempts":3,"backoff":{"initial_ms":100}},"timeout_ms":30000})");
  EXPECT_TRUE(value.isValidAgainst(schema));  // required keys with defaults now pass
}

TEST_P(SchemaDefaults, KeepsWhatIsThereAndCreatesNoObjectWithoutADefault) {
  const Schema schema = Schema::compile(kPluginSchema);
  EXPECT_EQ(filled(schema, R"({"timeout_ms": 5, "retry": {"attempts": 0}, "proxy": {}})"),
            R"({"base_url":"https://api.example.com","proxy":{"port":8080},)"
            R"("retry":{"attempts":0,"backoff":{"initial_ms":100}},"timeout_ms":5})");
  EXPECT_EQ(filled(schema, "{}").find("proxy"), std::string::npos);
}

TEST_P(SchemaDefaults, NonObjectsAndRecursiveDefaultsEnd) {
  EXPECT_EQ(filled(Schema::compile(kPluginSchema), "[1]"), "[1]");
  const Schema recursive =
      Schema::compile(R"({"properties": {"child": {"$ref": "#", "default": {}}}})");
  const std::string completed = filled(recursive, "{}");
  EXPECT_EQ(completed.rfind(R"({"child":{"child":)", 0), 0U);  // bounded, not endless
}

// The copying applyDefaults exists for Poco values only.
TEST(SchemaDefaultsPoco, LeavesTheInputAndTheSchemaUntouched) {
  const Schema schema = Schema::compile(kPluginSchema);
  const auto input = json(R"({"retry": {}})");
  auto first = schema.applyDefaults(input);
  EXPECT_EQ(text(input), R"({"retry":{}})");
  // Editing one result must not leak into the schema's default, and so into the next result.
  first.extract<Poco::JSON::Object::Ptr>()->getObject("retry")->getObject("backoff")->set(
      "initial_ms", 1);
  const auto second = schema.applyDefaults(input);
  EXPECT_NE(text(second).find(R"("initial_ms":100)"), std::string::npos) << text(second);
}

TEST(SchemaDefaultsPoco, InPlaceFillsAParsedDocumentAsTheCopyWould) {
  const Schema schema = Schema::compile(kPluginSchema);
  const std::string input = R"({"timeout_ms": 5, "headers": [{"name": "a"}], "proxy": {}})";
  Poco::Dynamic::Var document = json(input);
  schema.applyDefaultsInPlace(document);
  EXPECT_EQ(text(document), text(schema.applyDefaults(json(input))));
  // The defaults were copied in, not shared: editing the document leaves the next one alone.
  document.extract<Poco::JSON::Object::Ptr>()->getObject("retry")->set("attempts", 9);
  Poco::Dynamic::Var next = json("{}");
  schema.applyDefaultsInPlace(next);
  EXPECT_NE(text(next).find(R"("attempts":3)"), std::string::npos) << text(next);
}

}  // namespace
}  // namespace orchestra::schema
