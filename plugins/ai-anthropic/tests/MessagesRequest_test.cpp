#include "MessagesRequest.hpp"

#include <gtest/gtest.h>

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::anthropic {
namespace {

using sdk::Json;

RequestDefaults defaults() {
  return RequestDefaults{"claude-default", 512};
}

TEST(MessagesRequest, SystemMessagesBecomeTheSystemFieldAndDefaultsFillIn) {
  Json request = Json::parse(
      R"({"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]})");
  Json body = buildMessagesBody(request, defaults(), false);
  EXPECT_EQ(body["system"], Json("Be brief."));
  EXPECT_EQ(body["model"], Json("claude-default"));
  EXPECT_EQ(body["max_tokens"], Json(512));
  EXPECT_EQ(body["messages"].dump(), R"([{"content":"Hi","role":"user"}])");
  EXPECT_FALSE(body.contains("stream"));
  EXPECT_EQ(buildMessagesBody(request, defaults(), true)["stream"], Json(true));
}

TEST(MessagesRequest, ToolCallsAndResultsBecomeContentBlocks) {
  Json request = Json::parse(R"({"model":"m","max_tokens":9,"temperature":0.2,
    "tools":[{"name":"lookup","description":"d","parameters":{"type":"object"}}],
    "tool_choice":"required",
    "messages":[{"role":"user","content":"Weather?"},
      {"role":"assistant","content":"Looking.","tool_calls":[
        {"id":"t1","name":"lookup","arguments":"{\"city\":\"Oslo\"}"},
        {"id":"t2","name":"lookup","arguments":"{\"city\":\"Rome\"}"}]},
      {"role":"tool","tool_call_id":"t1","content":"cold"},
      {"role":"tool","tool_call_id":"t2","content":"warm"}]})");
  Json body = buildMessagesBody(request, defaults(), false);
  EXPECT_EQ(body["max_tokens"], Json(9));
  EXPECT_EQ(body["temperature"], Json(0.2));
  EXPECT_EQ(body["tools"].dump(),
            R"([{"description":"d","input_schema":{"type":"object"},"name":"lookup"}])");
  EXPECT_EQ(body["tool_choice"].dump(), R"({"type":"any"})");
  const auto& messages = body["messages"].asArray();
  ASSERT_EQ(messages.size(), 3U);
  EXPECT_EQ(messages[1].dump(),
            R"({"content":[{"text":"Looking.","type":"text"},)"
            R"({"id":"t1","input":{"city":"Oslo"},"name":"lookup","type":"tool_use"},)"
            R"({"id":"t2","input":{"city":"Rome"},"name":"lookup","type":"tool_use"}],)"
            R"("role":"assistant"})");
  // Both results of the turn in one user message, as the API requires.
  EXPECT_EQ(messages[2].dump(),
            R"({"content":[{"content":"cold","tool_use_id":"t1","type":"tool_result"},)"
            R"({"content":"warm","tool_use_id":"t2","type":"tool_result"}],"role":"user"})");
}

TEST(MessagesRequest, RefusesWhatTheApiCouldNotTake) {
  EXPECT_THROW(buildMessagesBody(Json::parse(R"({"messages":[]})"), defaults(), false), sdk::Error);
  EXPECT_THROW(buildMessagesBody(Json::parse(R"({"messages":[{"role":"robot","content":"x"}]})"),
                                 defaults(), false),
               sdk::Error);
  EXPECT_THROW(buildMessagesBody(Json::parse(R"({"messages":[{"role":"user","content":"x"}]})"),
                                 RequestDefaults{"", 1}, false),
               sdk::Error);
}

}  // namespace
}  // namespace orchestra::plugins::anthropic
