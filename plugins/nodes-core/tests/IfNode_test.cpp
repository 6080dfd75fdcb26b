#include "Condition.hpp"
#include "CoreNodesFixture.hpp"

namespace orchestra::plugins::core {
namespace {

using sdk::ErrorClass;

class IfNodeTest : public CoreNodesTest {
 protected:
  // "true" or "false": the port the node emitted on; "error: ..." when it failed.
  std::string branch(std::string_view condition) {
    auto outcome = run("core.if", "{\"condition\":" + std::string(condition) + "}", R"({"id":1})");
    if (!outcome.ok()) return "error: " + outcome.error_message;
    EXPECT_EQ(outcome.outputs.size(), 1u);
    EXPECT_EQ(outcome.outputs.begin()->second, json(R"({"id":1})"));
    return outcome.outputs.begin()->first;
  }
};

TEST_F(IfNodeTest, LargeIdsCompareExactly) {
  // 2^53 + 1 and 2^53 are one double apart from being the same double.
  EXPECT_EQ(branch(R"({"left":9007199254740993,"operator":"eq","right":9007199254740992})"),
            "false");
  EXPECT_EQ(branch(R"({"left":9007199254740993,"operator":"eq","right":9007199254740993})"),
            "true");
  EXPECT_EQ(branch(R"({"left":2,"operator":"eq","right":2.0})"), "true");
}

TEST_F(IfNodeTest, EqualityAndOrder) {
  EXPECT_EQ(branch(R"({"left":"a","operator":"eq","right":"a"})"), "true");
  EXPECT_EQ(branch(R"({"left":"A","operator":"eq","right":"a"})"), "false");
  EXPECT_EQ(branch(R"({"left":"A","operator":"eq","right":"a","case_sensitive":false})"), "true");
  EXPECT_EQ(branch(R"({"left":{"x":[1,2]},"operator":"eq","right":{"x":[1,2]}})"), "true");
  EXPECT_EQ(branch(R"({"left":42,"operator":"eq","right":"42"})"), "true");
  EXPECT_EQ(branch(R"({"left":1,"operator":"ne","right":2})"), "true");
  EXPECT_EQ(branch(R"({"left":"10","operator":"gt","right":"9"})"), "true");
  EXPECT_EQ(branch(R"({"left":3,"operator":"gte","right":3})"), "true");
  EXPECT_EQ(branch(R"({"left":2,"operator":"lt","right":3})"), "true");
  EXPECT_EQ(branch(R"({"left":"2024-01-02","operator":"lte","right":"2024-01-01"})"), "false");
}

TEST_F(IfNodeTest, TextCollectionsAndEmptiness) {
  EXPECT_EQ(branch(R"({"left":"hello world","operator":"contains","right":"lo w"})"), "true");
  EXPECT_EQ(branch(R"({"left":[1,"b"],"operator":"contains","right":"b"})"), "true");
  EXPECT_EQ(branch(R"({"left":{"k":1},"operator":"contains","right":"k"})"), "true");
  EXPECT_EQ(branch(R"({"left":"report.pdf","operator":"ends_with","right":".pdf"})"), "true");
  EXPECT_EQ(branch(R"({"left":"report.pdf","operator":"starts_with","right":"rep"})"), "true");
  EXPECT_EQ(branch(R"({"left":"x","operator":"starts_with","right":"xyz"})"), "false");
  EXPECT_EQ(branch(R"({"left":"","operator":"is_empty"})"), "true");
  EXPECT_EQ(branch(R"({"left":null,"operator":"is_empty"})"), "true");
  EXPECT_EQ(branch(R"({"left":[],"operator":"is_not_empty"})"), "false");
  EXPECT_EQ(branch(R"({"left":0,"operator":"is_not_empty"})"), "true");
}

TEST_F(IfNodeTest, RegularExpressions) {
  EXPECT_EQ(branch(R"({"left":"order-123","operator":"matches","right":"^order-\\d+$"})"), "true");
  EXPECT_EQ(
      branch(R"({"left":"ORDER","operator":"matches","right":"order","case_sensitive":false})"),
      "true");
  EXPECT_EQ(branch(R"({"left":"abc","operator":"matches","right":"^b"})"), "false");
}

TEST_F(IfNodeTest, IncomparableValuesFailAsValidation) {
  auto outcome = run("core.if", R"({"condition":{"left":{},"operator":"gt","right":1}})");
  EXPECT_EQ(outcome.status, ORC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(outcome.error_class, ErrorClass::Validation);
  EXPECT_NE(branch(R"({"left":5,"operator":"contains","right":"5"})").rfind("error:", 0),
            std::string::npos);
  std::string long_text(Condition::kMaxRegexSubjectBytes + 1, 'a');
  EXPECT_EQ(branch(R"({"left":")" + long_text + R"(","operator":"matches","right":"a"})")
                .rfind("error:", 0),
            0u);
}

TEST_F(IfNodeTest, BadConfigIsRefusedOnCreate) {
  for (const char* config : {
           R"({})",
           R"({"condition":{"left":1,"operator":"almost","right":1}})",
           R"({"condition":{"left":1,"operator":"eq"}})",
           R"({"condition":{"operator":"eq","right":1}})",
           R"({"condition":{"left":"x","operator":"matches","right":"(unclosed"}})",
           R"({"condition":{"left":"x","operator":"matches","right":7}})",
           R"({"condition":{"left":1,"operator":"eq","right":1,"extra":true}})",
       }) {
    EXPECT_EQ(createError("core.if", config).errorClass(), ErrorClass::Validation) << config;
  }
}

TEST_F(IfNodeTest, ExpressionsWaitForTheResolvedConfig) {
  // The saved config holds an expression; each run receives it resolved.
  auto& node = host_.createNode(
      "core.if", R"({"condition":{"left":"{{ trigger.data.n }}","operator":"matches",)"
                 R"("right":"{{ nodes.rules.output.pattern }}"}})");
  sdk::testing::ExecuteOptions options;
  options.config_json = R"({"condition":{"left":"n-7","operator":"matches","right":"^n-\\d$"}})";
  auto outcome = host_.execute(node, R"({"main":{}})", options);
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.outputs.count("true"), 1u);
}

}  // namespace
}  // namespace orchestra::plugins::core
