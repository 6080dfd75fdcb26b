#include "CoreNodesFixture.hpp"

namespace orchestra::plugins::core {
namespace {

using sdk::ErrorClass;

TEST_F(CoreNodesTest, SetBuildsNewJsonAtDottedPaths) {
  auto outcome = run("core.set", R"({"values":{"user.name":"Ann","user.tags":["a"],"ok":true}})",
                     R"({"dropped":1})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.output("main"), json(R"({"ok":true,"user":{"name":"Ann","tags":["a"]}})"));
}

TEST_F(CoreNodesTest, SetKeepsTheInputAndAppliesListsInOrder) {
  auto outcome = run("core.set",
                     R"({"keep_input":true,"values":[{"path":"items.1","value":"B"},)"
                     R"({"path":"items.2","value":"C"},{"path":"meta","value":{}},)"
                     R"({"path":"meta.a\\.b","value":1}]})",
                     R"({"items":["a","b"],"id":9})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.output("main"), json(R"({"id":9,"items":["a","B","C"],"meta":{"a.b":1}})"));
}

TEST_F(CoreNodesTest, SetFailsOnPathsThatCannotBeSet) {
  auto into_scalar = run("core.set", R"({"keep_input":true,"values":{"id.x":1}})", R"({"id":9})");
  EXPECT_EQ(into_scalar.error_class, ErrorClass::Validation);
  auto past_end = run("core.set", R"({"keep_input":true,"values":{"l.5":1}})", R"({"l":[]})");
  EXPECT_EQ(past_end.error_class, ErrorClass::Validation);
  for (const char* config : {R"({})", R"({"values":"x"})", R"({"values":{"a..b":1}})",
                             R"({"values":[{"path":"a"}]})", R"({"values":{},"keep_input":1})"}) {
    EXPECT_EQ(createError("core.set", config).errorClass(), ErrorClass::Validation) << config;
  }
}

}  // namespace
}  // namespace orchestra::plugins::core
