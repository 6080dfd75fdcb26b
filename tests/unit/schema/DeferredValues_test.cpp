#include "host/schema/DeferredValues.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <string>

#include "host/schema/Schema.hpp"

namespace orchestra::schema {
namespace {

// The same verdict whether the config is a Poco document or a compact one (a request's body).
TEST(DeferredValues, AnIssueAtATemplateIsFoundInBothRepresentations) {
  const Schema schema = Schema::compile(R"({"type": "object", "properties": {
      "count": {"type": "integer"}, "list": {"type": "array", "items": {"type": "integer"}},
      "plain": {"type": "integer"}, "nested": {"type": "object",
      "properties": {"a/b": {"type": "integer"}}}}})");
  const std::string config = R"({"count": "{{ trigger.data.n }}", "list": [1, "{{ item }}"],
      "plain": "three", "nested": {"a/b": "{{ nodes.x.output }}"}})";
  const Poco::Dynamic::Var poco = Poco::JSON::Parser().parse(config);
  const auto compact = text::JsonDocument::parse(config);
  ASSERT_TRUE(compact);
  const ValidationResult result = schema.validate(poco);
  ASSERT_EQ(result.issues().size(), 4U);
  for (const ValidationIssue& issue : result.issues()) {
    SCOPED_TRACE(issue.instance_path);
    const bool deferred = issue.instance_path != "/plain";
    EXPECT_EQ(isIssueAtDeferredValue(poco, issue), deferred);
    EXPECT_EQ(isIssueAtDeferredValue(compact->root(), issue), deferred);
  }
}

TEST(DeferredValues, APathThatLeadsNowhereIsNotDeferred) {
  const auto compact = text::JsonDocument::parse(R"({"list": ["{{ item }}"], "s": "{{ x }}"})");
  ASSERT_TRUE(compact);
  for (const char* path : {"/list/1", "/list/x", "/list/01x", "/missing", "/s/0", "", "/list"}) {
    ValidationIssue issue;
    issue.instance_path = path;
    EXPECT_FALSE(isIssueAtDeferredValue(compact->root(), issue)) << path;
  }
  ValidationIssue at_item;
  at_item.instance_path = "/list/0";
  EXPECT_TRUE(isIssueAtDeferredValue(compact->root(), at_item));
  EXPECT_FALSE(isIssueAtDeferredValue(text::JsonView(), at_item));
}

}  // namespace
}  // namespace orchestra::schema
