#include "CoreNodesFixture.hpp"

namespace orchestra::plugins::core {
namespace {

using sdk::ErrorClass;

TEST_F(CoreNodesTest, ForEachEmitsTheInputListAndASummary) {
  auto outcome = run("core.foreach", "{}", R"([{"id":1},{"id":2}])");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.output("items"), json(R"([{"id":1},{"id":2}])"));
  EXPECT_EQ(outcome.output("done"), json(R"({"count":2,"truncated":false})"));
}

TEST_F(CoreNodesTest, ForEachReadsAListAtAPathOrFromConfig) {
  auto by_path =
      run("core.foreach", R"({"items_path":"data.rows"})", R"({"data":{"rows":["a","b","c"]}})");
  ASSERT_TRUE(by_path.ok()) << by_path.error_message;
  EXPECT_EQ(by_path.output("items"), json(R"(["a","b","c"])"));

  auto from_config = run("core.foreach", R"({"items":[1,2]})", R"({"ignored":true})");
  ASSERT_TRUE(from_config.ok());
  EXPECT_EQ(from_config.output("items"), json("[1,2]"));
}

TEST_F(CoreNodesTest, ForEachEnforcesMaxItems) {
  auto refused = run("core.foreach", R"({"max_items":2})", "[1,2,3]");
  EXPECT_EQ(refused.status, ORC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(refused.error_class, ErrorClass::Validation);

  auto truncated = run("core.foreach", R"({"max_items":2,"on_overflow":"truncate"})", "[1,2,3]");
  ASSERT_TRUE(truncated.ok());
  EXPECT_EQ(truncated.output("items"), json("[1,2]"));
  EXPECT_EQ(truncated.output("done"), json(R"({"count":2,"truncated":true})"));
}

TEST_F(CoreNodesTest, ForEachNeedsAList) {
  EXPECT_FALSE(run("core.foreach", "{}", R"({"not":"a list"})").ok());
  EXPECT_FALSE(run("core.foreach", R"({"items_path":"missing"})", "{}").ok());
  for (const char* config :
       {R"({"max_items":0})", R"({"max_items":10001})", R"({"items":[1],"items_path":"a"})",
        R"({"items":{"a":1}})", R"({"on_overflow":"ignore"})"}) {
    EXPECT_EQ(createError("core.foreach", config).errorClass(), ErrorClass::Validation) << config;
  }
}

}  // namespace
}  // namespace orchestra::plugins::core
