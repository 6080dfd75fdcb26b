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

// How the host describes web.search (host_describe_node_type), trimmed to what matters here.
Json searchDescription() {
  return Json::parse(
      R"({"id":"web.search","display_name":"Web Search","description":"Searches the web",)"
      R"("category":"action","config_schema":{"type":"object","additionalProperties":false,)"
      R"("properties":{"query":{"type":"string","minLength":1},"count":{"type":"integer"},)"
      R"("api_key_secret":{"type":"string"}},"required":["query","api_key_secret"]}})");
}

TEST(AgentNodeTools, OfferTheConfigSchemaWithoutTheFixedFields) {
  const Json entry = Json::parse(
      R"({"type":"node","node_type":"web.search","config":{"api_key_secret":"jina","count":3}})");
  const AgentTool tool = nodeTool(entry, searchDescription(), {});
  EXPECT_EQ(tool.kind, AgentTool::Kind::Node);
  EXPECT_EQ(tool.name, "web_search");  // the providers' name rules: no dots
  EXPECT_EQ(tool.description, "Searches the web");
  EXPECT_EQ(tool.node_type, "web.search");
  EXPECT_EQ(tool.parameters.find("type")->asString(), "object");
  const auto& properties = tool.parameters.find("properties")->asObject();
  EXPECT_EQ(properties.size(), 1U);
  EXPECT_EQ(properties.count("query"), 1U);
  const auto& required = tool.parameters.find("required")->asArray();
  ASSERT_EQ(required.size(), 1U);
  EXPECT_EQ(required[0].asString(), "query");
  EXPECT_EQ(tool.fixed_config.find("count")->asInt(), 3);
}

TEST(AgentNodeTools, TakeTheEntrysNameAndDescriptionAndStayUnique) {
  AgentTool taken;
  taken.name = "search";
  const AgentTool tool =
      nodeTool(Json::parse(R"({"node_type":"web.search","name":"search","description":"Find"})"),
               searchDescription(), {taken});
  EXPECT_EQ(tool.name, "search_2");
  EXPECT_EQ(tool.description, "Find");
  EXPECT_EQ(tool.parameters.find("properties")->asObject().size(), 3U);
  // A type whose schema says nothing still gets an object schema.
  const AgentTool bare = nodeTool(Json::parse(R"({"node_type":"x.y"})"),
                                  Json::parse(R"({"id":"x.y","config_schema":{}})"), {});
  EXPECT_EQ(bare.parameters.find("type")->asString(), "object");
}

constexpr const char* kAgentWithNodeTool =
    R"({"provider":"claude","prompt":"Find it","tools":[{"type":"node","node_type":"web.search",)"
    R"("name":"search","config":{"api_key_secret":"jina"}}]})";

TEST_F(AiAgentNodeTest, ANodeToolRunsTheNodeTypeWithArgumentsUnderTheFixedConfig) {
  host_.node_type_descriptions["web.search"] = searchDescription();
  host_.node_handler = [](const sdk::testing::FakeNodeCall&) {
    sdk::testing::FakeNodeAnswer answer;
    answer.data = Json::parse(R"({"main":{"results":[{"title":"Orchestra"}]}})");
    return answer;
  };
  script({calls("c1", "search", R"({"query":"orchestra","api_key_secret":"mine"})"),
          says("Found Orchestra")});
  const auto outcome = run(kAgentWithNodeTool);
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;

  const auto nodes = host_.nodeCalls();
  ASSERT_EQ(nodes.size(), 1U);
  EXPECT_EQ(nodes[0].node_type, "web.search");
  EXPECT_EQ(nodes[0].config.stringOr("query", ""), "orchestra");
  EXPECT_EQ(nodes[0].config.stringOr("api_key_secret", ""), "jina");  // the fixed config wins
  EXPECT_EQ(nodes[0].input.find("main")->stringOr("query", ""), "orchestra");

  const auto ai = host_.aiCalls();
  ASSERT_EQ(ai.size(), 2U);
  const Json& offered = ai[0].request.find("tools")->asArray().at(0);
  EXPECT_EQ(offered.stringOr("name", ""), "search");
  EXPECT_EQ(offered.find("parameters")->find("properties")->asObject().count("api_key_secret"), 0U);
  EXPECT_EQ(lastMessage(ai[1]).stringOr("content", ""), R"({"results":[{"title":"Orchestra"}]})");

  const Json& calls_made = *outcome.output("main").find("tool_calls");
  ASSERT_EQ(calls_made.asArray().size(), 1U);
  EXPECT_EQ(calls_made.asArray()[0].stringOr("name", ""), "search");
  EXPECT_FALSE(calls_made.asArray()[0].find("is_error")->asBool());
}

TEST_F(AiAgentNodeTest, ANodeToolThatFailsIsToldToTheModelButACancelStopsTheRun) {
  host_.node_type_descriptions["web.search"] = searchDescription();
  host_.node_handler = [](const sdk::testing::FakeNodeCall&) {
    return sdk::testing::FakeNodeAnswer::failure(
        ORC_ERR_INVALID_ARGUMENT, sdk::ErrorClass::Validation, "config field '/query': too short");
  };
  script({calls("c1", "search", R"({"query":""})"), says("I could not search")});
  const auto outcome = run(kAgentWithNodeTool);
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  const auto ai = host_.aiCalls();
  ASSERT_EQ(ai.size(), 2U);
  EXPECT_NE(lastMessage(ai[1]).stringOr("content", "").find("Error: "), std::string::npos);
  EXPECT_NE(lastMessage(ai[1]).stringOr("content", "").find("too short"), std::string::npos);
  EXPECT_TRUE(outcome.output("main").find("tool_calls")->asArray()[0].find("is_error")->asBool());

  host_.node_handler = [](const sdk::testing::FakeNodeCall&) {
    return sdk::testing::FakeNodeAnswer::failure(ORC_ERR_CANCELLED, sdk::ErrorClass::Permanent,
                                                 "cancelled");
  };
  script({calls("c1", "search", R"({"query":"x"})")});
  EXPECT_EQ(run(kAgentWithNodeTool).status, ORC_ERR_CANCELLED);
}

TEST_F(AiAgentNodeTest, ANodeToolOfAnUnknownOrTriggerTypeIsRefusedWhenTheNodeIsCreated) {
  const sdk::Error unknown = createError(kAgentWithNodeTool);
  EXPECT_EQ(unknown.errorClass(), sdk::ErrorClass::Validation);
  EXPECT_NE(std::string(unknown.what()).find("no node type \"web.search\""), std::string::npos);

  host_.node_type_descriptions["core.trigger.manual"] =
      Json::parse(R"({"id":"core.trigger.manual","category":"trigger","config_schema":{}})");
  const sdk::Error trigger = createError(
      R"({"provider":"p","prompt":"x","tools":[{"type":"node","node_type":"core.trigger.manual"}]})");
  EXPECT_EQ(trigger.errorClass(), sdk::ErrorClass::Validation);
  EXPECT_NE(std::string(trigger.what()).find("trigger"), std::string::npos);
  EXPECT_EQ(createError(R"({"provider":"p","prompt":"x","tools":[{"type":"node"}]})").errorClass(),
            sdk::ErrorClass::Validation);
}

TEST_F(AiAgentNodeTest, AProvidersRetryAfterReachesTheRuntime) {
  FakeAiAnswer limited = FakeAiAnswer::failure(ORC_ERR_UNAVAILABLE, sdk::ErrorClass::Transient,
                                               "HTTP 429 (retry after 2 s)");
  limited.retry_after_ms = 2000;
  script({limited});
  const auto outcome = run(R"({"provider":"claude","prompt":"hi"})");
  EXPECT_EQ(outcome.error_class, sdk::ErrorClass::Transient);
  EXPECT_EQ(outcome.retry_after_ms, 2000);
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
