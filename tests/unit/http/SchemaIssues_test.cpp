#include "host/http/SchemaIssues.hpp"

#include <gtest/gtest.h>

#include "host/schema/Schema.hpp"
#include "tests/unit/schema/SchemaTestSupport.hpp"

namespace orchestra::http {
namespace {

using Loc = std::vector<std::string>;

TEST(SchemaIssues, PointersBecomeLocSegments) {
  EXPECT_EQ(locFromPointer("/a/0/b"), (Loc{"a", "0", "b"}));
  EXPECT_EQ(locFromPointer(""), Loc{});
  EXPECT_EQ(locFromPointer("/a~1b/c~0d"), (Loc{"a/b", "c~d"}));
  EXPECT_EQ(locFromPointer("/"), Loc{""});
}

TEST(SchemaIssues, IssuesBecomeFastApiEntries) {
  const schema::Schema compiled =
      schema::Schema::compile(R"({"required": ["url"], "additionalProperties": false,
      "properties": {"url": {}, "method": {"enum": ["GET"]}}})");
  const auto issues = toValidationIssues(
      compiled.validate(schema::testing::json(R"({"method": "PUT", "x": 1})")), {"body", "config"});
  ASSERT_EQ(issues.size(), 3U);
  EXPECT_EQ(issues[0].loc, (Loc{"body", "config", "url"}));
  EXPECT_EQ(issues[0].type, "missing");
  EXPECT_EQ(issues[0].msg, "is a required property");
  EXPECT_EQ(issues[1].loc, (Loc{"body", "config", "method"}));
  EXPECT_EQ(issues[1].type, "enum");
  EXPECT_EQ(issues[1].msg, "must be one of: GET");
  EXPECT_EQ(issues[2].loc, (Loc{"body", "config"}));
  EXPECT_EQ(issues[2].type, "extra_forbidden");
}

}  // namespace
}  // namespace orchestra::http
