// The agent's loop against the SDK's fake host: the model's answers and the MCP server are
// scripted, so each test says exactly what the model asked for and checks what the agent did.
#include "AiAgentNode.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "AiToolsPlugin.hpp"
#include "orchestra/sdk/testing/FakeHost.hpp"

namespace orchestra::plugins::ai_tools {
namespace {

using sdk::Json;
using sdk::testing::FakeAiAnswer;
using sdk::testing::FakeAiCall;
using sdk::testing::FakeMcpAnswer;
using sdk::testing::FakeMcpCall;

FakeAiAnswer says(const std::string& text, uint64_t input = 10, uint64_t output = 5) {
  FakeAiAnswer answer;
  answer.data = Json(Json::Object{
      {"message", Json(Json::Object{{"role", Json("assistant")}, {"content", Json(text)}})},
      {"finish_reason", Json("stop")}});
  answer.stream_chunks = {Json(Json::Object{{"type", Json("text")}, {"text", Json(text)}})};
  answer.input_tokens = input;
  answer.output_tokens = output;
  return answer;
}

FakeAiAnswer calls(const std::string& id, const std::string& tool, const std::string& arguments) {
  FakeAiAnswer answer;
  answer.data = Json(Json::Object{
      {"message",
       Json(Json::Object{
           {"role", Json("assistant")},
           {"content", Json("")},
           {"tool_calls",
            Json(Json::Array{Json(Json::Object{
                {"id", Json(id)}, {"name", Json(tool)}, {"arguments", Json(arguments)}})})}})},
      {"finish_reason", Json("tool_calls")}});
  answer.input_tokens = 20;
  answer.output_tokens = 7;
  return answer;
}

// The last message the model was sent in `call`.
const Json& lastMessage(const FakeAiCall& call) {
  return call.request.find("messages")->asArray().back();
}

class AiAgentNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(host_.load(sdk::pluginDescriptor<AiToolsPlugin>()), "");
    host_.mcp_handler = [this](const FakeMcpCall& call) {
      FakeMcpAnswer answer;
      if (call.tool.empty()) {
        answer.data = Json::parse(
            R"({"tools":[{"name":"echo","description":"Echoes its text",)"
            R"("inputSchema":{"type":"object","properties":{"text":{"type":"string"}}}},)"
            R"({"name":"add","description":"Adds","inputSchema":{"type":"object"}}]})");
      } else if (mcp_fails_) {
        answer.status = ORC_ERR_UNAVAILABLE;
        answer.error_message = "the server went away";
      } else {
        const std::string text = call.arguments.stringOr("text", "");
        answer.data = Json(Json::Object{
            {"content", Json(Json::Array{Json(Json::Object{{"type", Json("text")},
                                                           {"text", Json("echo: " + text)}})})},
            {"isError", Json(text == "bad")}});
      }
      return answer;
    };
  }

  // Scripts the model's answers in order; a call past the script fails the test.
  void script(std::vector<FakeAiAnswer> answers) {
    answers_ = std::move(answers);
    next_ = 0;
    host_.ai_handler = [this](const FakeAiCall&) {
      if (next_ >= answers_.size()) {
        ADD_FAILURE() << "the agent called the model more often than scripted";
        return FakeAiAnswer::failure(ORC_ERR_INTERNAL, sdk::ErrorClass::Permanent, "unscripted");
      }
      return answers_[next_++];
    };
  }

  sdk::testing::ExecuteOutcome run(const std::string& config,
                                   const std::string& execution = "execution-1") {
    auto& node = host_.createNode("ai.agent", config);
    sdk::testing::ExecuteOptions options;
    options.execution_id = execution;
    return host_.execute(node, R"({"main":{}})", options);
  }

  sdk::Error createError(const std::string& config) {
    try {
      host_.createNode("ai.agent", config);
    } catch (const sdk::Error& error) {
      return error;
    }
    ADD_FAILURE() << "accepted " << config;
    return sdk::Error(ORC_OK, sdk::ErrorClass::None, "");
  }

  sdk::testing::FakeHost host_;
  std::vector<FakeAiAnswer> answers_;
  std::size_t next_ = 0;
  bool mcp_fails_ = false;
};

constexpr const char* kAgentWithTools =
    R"({"provider":"claude","model":"m","system_prompt":"Be useful.","prompt":"Say hi twice",)"
    R"("tools":[{"type":"mcp","server":"s1","tool":"echo"},)"
    R"({"type":"agent","name":"helper","description":"Helps",)"
    R"("agent":{"model":"small","system_prompt":"You help."}}]})";

TEST_F(AiAgentNodeTest, AToolLoopRunsAnMcpToolAndASubAgentThenAnswers) {
  script({calls("c1", "echo", R"({"text":"hi"})"), calls("c2", "helper", R"({"task":"greet"})"),
          says("hello from the helper", 3, 2), says("Done: echo: hi, hello from the helper")});
  const auto outcome = run(kAgentWithTools);
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  const Json& output = outcome.output("main");
  EXPECT_EQ(output.stringOr("text", ""), "Done: echo: hi, hello from the helper");
  EXPECT_EQ(output.stringOr("finish_reason", ""), "stop");
  EXPECT_EQ(output.find("iterations")->asInt(), 3);
  const auto& tool_calls = output.find("tool_calls")->asArray();
  ASSERT_EQ(tool_calls.size(), 2U);
  EXPECT_EQ(tool_calls[0].stringOr("result", ""), "echo: hi");
  EXPECT_EQ(tool_calls[1].stringOr("result", ""), "hello from the helper");
  // Every model call is counted, the sub-agent's included.
  const Json& usage = *output.find("usage");
  EXPECT_EQ(usage.find("model_calls")->asInt(), 4);
  EXPECT_EQ(usage.find("input_tokens")->asInt(), 20 + 20 + 3 + 10);
  EXPECT_EQ(usage.find("output_tokens")->asInt(), 7 + 7 + 2 + 5);

  const auto ai = host_.aiCalls();
  ASSERT_EQ(ai.size(), 4U);
  // The model saw both tools, the MCP tool with its server's schema.
  const auto& offered = ai[0].request.find("tools")->asArray();
  ASSERT_EQ(offered.size(), 2U);
  EXPECT_EQ(offered[0].stringOr("name", ""), "echo");
  EXPECT_EQ(offered[0].find("parameters")->find("properties")->dump(),
            R"({"text":{"type":"string"}})");
  EXPECT_EQ(offered[1].stringOr("name", ""), "helper");
  EXPECT_EQ(ai[0].request.stringOr("system", ""), "Be useful.");
  // Each tool result went back as a tool message answering its call.
  EXPECT_EQ(lastMessage(ai[1]).stringOr("role", ""), "tool");
  EXPECT_EQ(lastMessage(ai[1]).stringOr("tool_call_id", ""), "c1");
  EXPECT_EQ(lastMessage(ai[1]).stringOr("content", ""), "echo: hi");
  // The sub-agent got its own system prompt, model and the task, without the parent's history.
  EXPECT_EQ(ai[2].request.stringOr("model", ""), "small");
  EXPECT_EQ(ai[2].request.stringOr("system", ""), "You help.");
  EXPECT_EQ(ai[2].request.find("messages")->asArray().size(), 1U);
  EXPECT_EQ(lastMessage(ai[2]).stringOr("content", ""), "greet");
  EXPECT_EQ(ai[2].provider_id, "claude");  // the parent's provider when it names none
  EXPECT_EQ(lastMessage(ai[3]).stringOr("tool_call_id", ""), "c2");
  // The answers' text streamed as progress, the sub-agent's marked by its depth.
  const auto progress = host_.progress();
  ASSERT_EQ(progress.size(), 2U);
  EXPECT_EQ(progress[0].find("data")->find("depth")->asInt(), 1);
  EXPECT_EQ(progress[1].stringOr("message", ""), "Done: echo: hi, hello from the helper");
}

TEST_F(AiAgentNodeTest, AToolThatAnswersIsErrorGoesBackToTheModelAsAFailedCall) {
  script({calls("c1", "echo", R"({"text":"bad"})"), says("It failed, sorry.")});
  const auto outcome = run(kAgentWithTools);
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  const auto& tool_calls = outcome.output("main").find("tool_calls")->asArray();
  ASSERT_EQ(tool_calls.size(), 1U);
  EXPECT_TRUE(tool_calls[0].find("is_error")->asBool());
  EXPECT_EQ(lastMessage(host_.aiCalls()[1]).stringOr("content", ""), "Error: echo: bad");
}

TEST_F(AiAgentNodeTest, AnUnknownToolOrBadArgumentsAreToldToTheModel) {
  script({calls("c1", "nope", "{}"), calls("c2", "echo", "{not json"), says("ok")});
  const auto outcome = run(kAgentWithTools);
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  const auto ai = host_.aiCalls();
  EXPECT_EQ(lastMessage(ai[1]).stringOr("content", ""), "Error: there is no tool named nope");
  EXPECT_EQ(lastMessage(ai[2]).stringOr("content", ""), "Error: the arguments were not valid JSON");
  EXPECT_TRUE(host_.mcpCalls().size() == 1U);  // only the listing: no tool was called
}

TEST_F(AiAgentNodeTest, AnMcpTransportFailureFailsTheNodeAsTransient) {
  mcp_fails_ = true;
  script({calls("c1", "echo", R"({"text":"hi"})")});
  const auto outcome = run(kAgentWithTools);
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error_class, sdk::ErrorClass::Transient) << outcome.error_message;
}

TEST_F(AiAgentNodeTest, AProviderFailureKeepsItsClass) {
  host_.ai_handler = [](const FakeAiCall&) {
    return FakeAiAnswer::failure(ORC_ERR_UNAVAILABLE, sdk::ErrorClass::Transient, "529 overloaded");
  };
  const auto outcome = run(R"({"provider":"claude","prompt":"x"})");
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error_class, sdk::ErrorClass::Transient);
}

TEST_F(AiAgentNodeTest, TheLoopStopsAtMaxIterations) {
  script({calls("c1", "echo", R"({"text":"1"})"), calls("c2", "echo", R"({"text":"2"})")});
  const auto outcome = run(R"({"provider":"p","prompt":"loop","max_iterations":2,)"
                           R"("tools":[{"type":"mcp","server":"s1"}]})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.output("main").stringOr("finish_reason", ""), "max_iterations");
  EXPECT_EQ(host_.aiCalls().size(), 2U);
  // A server named without a tool offers every tool it has.
  EXPECT_EQ(host_.aiCalls()[0].request.find("tools")->asArray().size(), 2U);
}

TEST_F(AiAgentNodeTest, MemoryCarriesTheConversationWithinOneExecutionOnly) {
  const std::string config = R"({"provider":"p","prompt":"again","memory":{"enabled":true}})";
  script({says("first"), says("second"), says("other")});
  ASSERT_TRUE(run(config, "execution-1").ok());
  ASSERT_TRUE(run(config, "execution-1").ok());
  ASSERT_TRUE(run(config, "execution-2").ok());
  const auto ai = host_.aiCalls();
  ASSERT_EQ(ai.size(), 3U);
  // user, assistant "first", user: the earlier turn of the same execution...
  EXPECT_EQ(ai[1].request.find("messages")->asArray().size(), 3U);
  EXPECT_EQ(ai[1].request.find("messages")->asArray()[1].stringOr("content", ""), "first");
  // ...and nothing of another execution's.
  EXPECT_EQ(ai[2].request.find("messages")->asArray().size(), 1U);
}

TEST_F(AiAgentNodeTest, ABadConfigIsRefusedWhenTheNodeIsCreated) {
  EXPECT_EQ(createError(R"({"provider":"p","prompt":"x","tools":[{"type":"mcp"}]})").errorClass(),
            sdk::ErrorClass::Validation);
  EXPECT_EQ(createError(R"({"provider":"p","prompt":"x","tools":[{"type":"agent","agent":{}}]})")
                .errorClass(),
            sdk::ErrorClass::Validation);
  const std::string deep =
      R"({"provider":"p","prompt":"x","tools":[{"type":"agent","name":"a","agent":{"tools":[)"
      R"({"type":"agent","name":"b","agent":{"tools":[{"type":"agent","name":"c","agent":{}}]}}]}}]})";
  EXPECT_EQ(createError(deep).errorClass(), sdk::ErrorClass::Validation);
  EXPECT_EQ(createError(R"({"provider":"p"})").errorClass(), sdk::ErrorClass::Validation);
}

TEST(AgentToolNames, AreCleanedShortenedAndMadeUnique) {
  std::vector<AgentTool> taken;
  EXPECT_EQ(modelToolName("read file", taken), "read_file");
  AgentTool echo;
  echo.name = "echo";
  taken.push_back(echo);
  EXPECT_EQ(modelToolName("echo", taken), "echo_2");
  EXPECT_EQ(modelToolName(std::string(100, 'x'), taken).size(), 56U);
}

}  // namespace
}  // namespace orchestra::plugins::ai_tools
