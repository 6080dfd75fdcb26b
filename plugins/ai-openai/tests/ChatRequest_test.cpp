#include "ChatRequest.hpp"

#include <gtest/gtest.h>

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::openai {
namespace {

using sdk::Json;

TEST(ChatRequest, ToolsCallsAndStreamOptionsTakeTheApisShape) {
  Json request = Json::parse(R"({"system":"Be brief.","temperature":0,"tool_choice":"lookup",
    "tools":[{"name":"lookup","description":"d","parameters":{"type":"object"}}],
    "messages":[{"role":"user","content":"Weather?"},
      {"role":"assistant","tool_calls":[{"id":"c1","name":"lookup","arguments":"{\"q\":1}"}]},
      {"role":"tool","tool_call_id":"c1","content":"cold"}]})");
  Json body = buildChatBody(request, RequestDefaults{"gpt-default", 0}, true);
  EXPECT_EQ(body["model"], Json("gpt-default"));
  EXPECT_FALSE(body.contains("max_tokens"));
  EXPECT_EQ(body["stream"], Json(true));
  EXPECT_EQ(body["stream_options"].dump(), R"({"include_usage":true})");
  EXPECT_EQ(body["tool_choice"].dump(), R"({"function":{"name":"lookup"},"type":"function"})");
  EXPECT_EQ(body["tools"].dump(),
            R"([{"function":{"description":"d","name":"lookup","parameters":{"type":"object"}},)"
            R"("type":"function"}])");
  const auto& messages = body["messages"].asArray();
  ASSERT_EQ(messages.size(), 4U);
  EXPECT_EQ(messages[0].dump(), R"({"content":"Be brief.","role":"system"})");
  EXPECT_EQ(messages[2].dump(),
            R"({"content":null,"role":"assistant","tool_calls":[{"function":{"arguments":)"
            R"("{\"q\":1}","name":"lookup"},"id":"c1","type":"function"}]})");
  EXPECT_EQ(messages[3].dump(), R"({"content":"cold","role":"tool","tool_call_id":"c1"})");
}

TEST(ChatRequest, RefusesWhatNoServerCouldTake) {
  EXPECT_THROW(buildChatBody(Json::parse(R"({"messages":[]})"), {"m", 0}, false), sdk::Error);
  EXPECT_THROW(
      buildChatBody(Json::parse(R"({"messages":[{"role":"x","content":""}]})"), {"m", 0}, false),
      sdk::Error);
  EXPECT_THROW(
      buildChatBody(Json::parse(R"({"messages":[{"role":"user","content":""}]})"), {"", 0}, false),
      sdk::Error);
}

}  // namespace
}  // namespace orchestra::plugins::openai
