#include "CoreNodesFixture.hpp"

namespace orchestra::plugins::core {
namespace {

using sdk::ErrorClass;

constexpr const char* kByStatus =
    R"({"value":"shipped","cases":[{"value":"new"},{"value":"shipped","label":"Shipped"},)"
    R"({"condition":{"left":"shipped","operator":"starts_with","right":"ship"}}]})";

TEST_F(CoreNodesTest, SwitchEmitsOnTheFirstMatchingCase) {
  auto outcome = run("core.switch", kByStatus, R"({"order":1})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  ASSERT_EQ(outcome.outputs.size(), 1u);
  EXPECT_EQ(outcome.output("case_1"), json(R"({"order":1})"));
}

TEST_F(CoreNodesTest, SwitchAllModeEmitsOnEveryMatch) {
  std::string config = kByStatus;
  config.insert(1, R"("mode":"all",)");
  auto outcome = run("core.switch", config);
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.outputs.size(), 2u);
  EXPECT_EQ(outcome.outputs.count("case_1") + outcome.outputs.count("case_2"), 2u);
}

TEST_F(CoreNodesTest, SwitchFallsBackToDefaultNothingOrAnError) {
  auto fallback = run("core.switch", R"({"value":3,"cases":[{"value":1},{"value":2}]})", "[1]");
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(fallback.output("default"), json("[1]"));

  auto none = run("core.switch", R"({"value":3,"cases":[{"value":1}],"fallback":"none"})");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none.outputs.empty());

  auto error = run("core.switch", R"({"value":3,"cases":[{"value":1}],"fallback":"error"})");
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.error_class, ErrorClass::Permanent);
}

TEST_F(CoreNodesTest, SwitchConfigIsChecked) {
  std::string too_many = R"({"value":1,"cases":[)";
  for (int i = 0; i < 65; ++i)
    too_many += std::string(i ? "," : "") + R"({"value":1})";
  too_many += "]}";
  for (
      const std::string& config : {
          std::string(R"({"value":1})"),
          std::string(R"({"value":1,"cases":[]})"),
          std::string(R"({"cases":[{"value":1}]})"),
          std::string(R"({"value":1,"cases":[{}]})"),
          std::string(
              R"({"value":1,"cases":[{"value":1,"condition":{"left":1,"operator":"eq","right":1}}]})"),
          std::string(R"({"value":1,"cases":[{"value":1}],"fallback":"maybe"})"),
          std::string(R"({"value":1,"cases":[{"value":1}],"mode":"some"})"),
          too_many,
      }) {
    EXPECT_EQ(createError("core.switch", config).errorClass(), ErrorClass::Validation) << config;
  }
}

}  // namespace
}  // namespace orchestra::plugins::core
