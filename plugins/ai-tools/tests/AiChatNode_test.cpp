#include "AiChatNode.hpp"

#include <gtest/gtest.h>

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::ai_tools {
namespace {

using sdk::Json;

TEST(AiChatNode, APromptBecomesOneUserMessageAndSettingsPassOn) {
  Json request = chatRequestFromConfig(Json::parse(
      R"({"provider":"claude","prompt":"Hi","system":"Be brief.","model":"","max_tokens":5})"));
  EXPECT_EQ(request.dump(),
            R"({"max_tokens":5,"messages":[{"content":"Hi","role":"user"}],"system":"Be brief."})");
}

TEST(AiChatNode, MessagesComeFirstAndAPromptIsAskedLast) {
  Json request = chatRequestFromConfig(Json::parse(
      R"({"provider":"p","messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}],
          "prompt":"c","temperature":0.5})"));
  EXPECT_EQ(request["messages"].asArray().size(), 3U);
  EXPECT_EQ(request["messages"].asArray()[2].dump(), R"({"content":"c","role":"user"})");
  EXPECT_EQ(request["temperature"], Json(0.5));
}

TEST(AiChatNode, NothingToAskIsAValidationError) {
  try {
    chatRequestFromConfig(Json::parse(R"({"provider":"p"})"));
    FAIL() << "accepted a config without prompt or messages";
  } catch (const sdk::Error& error) {
    EXPECT_EQ(error.errorClass(), sdk::ErrorClass::Validation);
  }
}

}  // namespace
}  // namespace orchestra::plugins::ai_tools
