#include "CoreNodesFixture.hpp"

namespace orchestra::plugins::core {
namespace {

using sdk::ErrorClass;

TEST_F(CoreNodesTest, MergeAppendsInputsInPortOrder) {
  auto& node = host_.createNode("core.merge", R"({"mode":"append"})");
  auto outcome = host_.execute(node, R"({"input_2":{"c":3},"input_0":[1,2],"input_1":null})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.output("main"), json(R"([1,2,{"c":3}])"));
}

TEST_F(CoreNodesTest, MergeCombinesObjectsByKey) {
  auto& node = host_.createNode("core.merge", R"({"mode":"combine_by_key","key":"user.id"})");
  auto outcome = host_.execute(
      node, R"({"input_0":[{"user":{"id":1},"name":"Ann"},{"user":{"id":2},"name":"Bo"}],)"
            R"("input_1":[{"user":{"id":2},"plan":"pro"},{"plan":"orphan"}]})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.output("main"),
            json(R"([{"user":{"id":1},"name":"Ann"},{"user":{"id":2},"name":"Bo","plan":"pro"},)"
                 R"({"plan":"orphan"}])"));
}

TEST_F(CoreNodesTest, MergeWaitAllCollectsEveryInputByPort) {
  auto& node = host_.createNode("core.merge", R"({"mode":"wait_all"})");
  auto outcome = host_.execute(node, R"({"input_0":{"a":1},"input_3":"d"})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.output("main"), json(R"({"input_0":{"a":1},"input_3":"d"})"));
}

TEST_F(CoreNodesTest, MergeConfigIsChecked) {
  EXPECT_EQ(createError("core.merge", R"({"mode":"combine_by_key"})").errorClass(),
            ErrorClass::Validation);
  EXPECT_EQ(createError("core.merge", R"({"mode":"zip"})").errorClass(), ErrorClass::Validation);
  EXPECT_EQ(createError("core.merge", R"({"mode":"combine_by_key","key":"a..b"})").errorClass(),
            ErrorClass::Validation);
}

TEST_F(CoreNodesTest, MergeInputPortsAreOptional) {
  auto outcome = run("core.merge", "{}");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.output("main"), json("[]"));
}

}  // namespace
}  // namespace orchestra::plugins::core
