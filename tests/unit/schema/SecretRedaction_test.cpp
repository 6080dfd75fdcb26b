#include <gtest/gtest.h>

#include "host/schema/Schema.hpp"
#include "tests/unit/schema/SchemaTestSupport.hpp"

namespace orchestra::schema {
namespace {

using testing::json;
using testing::text;

TEST(SecretRedaction, ReplacesSecretValuesWhereverTheSchemaPlacesThem) {
  const Schema schema = Schema::compile(R"({
    "properties": {
      "api_key": {"type": "string", "secret": true},
      "name": {"type": "string"},
      "database": {"$ref": "#/$defs/database"},
      "env": {"type": "object", "additionalProperties": {"secret": true}},
      "tokens": {"type": "array", "items": {"secret": true}},
      "auth": {"anyOf": [{"properties": {"password": {"secret": true}}}, {"type": "string"}]}
    },
    "patternProperties": {"_token$": {"secret": true}},
    "$defs": {"database": {"properties": {"password": {"secret": true}, "host": {}}}}
  })");
  const auto instance = json(R"({
    "api_key": "sk-123", "name": "crm", "database": {"host": "db", "password": "pw"},
    "env": {"A": "1", "B": {"nested": true}}, "tokens": ["t1", "t2"],
    "auth": {"password": "pw2", "user": "u"}, "github_token": "ghp", "other": "x"})");
  EXPECT_EQ(text(schema.redactSecrets(instance)),
            R"({"api_key":"***","auth":{"password":"***","user":"u"},)"
            R"("database":{"host":"db","password":"***"},"env":{"A":"***","B":"***"},)"
            R"("github_token":"***","name":"crm","other":"x","tokens":["***","***"]})");
  EXPECT_NE(text(instance).find("sk-123"), std::string::npos);  // the input is untouched
}

TEST(SecretRedaction, AbsentAndNullSecretsStayAsTheyAre) {
  const Schema schema =
      Schema::compile(R"({"properties": {"api_key": {"secret": true}, "other": {}}})");
  EXPECT_EQ(text(schema.redactSecrets(json(R"({"other": 1})"))), R"({"other":1})");
  EXPECT_EQ(text(schema.redactSecrets(json(R"({"api_key": null})"))), R"({"api_key":null})");
  EXPECT_EQ(text(Schema::compile(R"({"secret": true})").redactSecrets(json("[1, 2]"))), R"("***")");
}

}  // namespace
}  // namespace orchestra::schema
