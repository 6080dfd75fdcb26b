#include "ChatAssembler.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "orchestra/sdk/Error.hpp"
#include "orchestra/sdk/SseParser.hpp"

namespace orchestra::plugins::openai {
namespace {

using sdk::Json;

constexpr const char* kStream =
    "data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":"
    "\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
    "\"Hi \"},\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":"
    "[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\","
    "\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":"
    "[{\"index\":0,\"function\":{\"arguments\":\"{\\\"q\\\":\"}}]},\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":"
    "[{\"index\":1,\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"other\","
    "\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":"
    "[{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]},\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{},"
    "\"finish_reason\":\"tool_calls\"}]}\n\n"
    "data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[],\"usage\":{\"prompt_tokens\":11,"
    "\"completion_tokens\":22,\"total_tokens\":33,\"prompt_tokens_details\":{\"cached_tokens\":"
    "4}}}\n\n"
    "data: [DONE]\n\n";

TEST(ChatAssembler, JoinsToolCallDeltasByIndexAndReadsTheUsageChunk) {
  std::vector<std::string> chunks;
  ChatAssembler assembler([&](const Json& chunk) { chunks.push_back(chunk.dump()); });
  sdk::SseParser parser([&](const sdk::SseEvent& event) { assembler.takeStreamData(event.data); });
  const std::string stream = kStream;
  for (size_t i = 0; i < stream.size(); i += 3)
    parser.feed(std::string_view(stream).substr(i, 3));
  ASSERT_TRUE(assembler.complete());
  sdk::AiResponse response = assembler.response();
  EXPECT_EQ(response.body["message"]["content"], Json("Hi "));
  EXPECT_EQ(response.body["message"]["tool_calls"].dump(),
            R"([{"arguments":"{\"q\":1}","id":"call_1","name":"lookup"},)"
            R"({"arguments":"{}","id":"call_2","name":"other"}])");
  EXPECT_EQ(response.body["finish_reason"], Json("tool_calls"));
  EXPECT_EQ(response.body["model"], Json("gpt-x"));
  EXPECT_EQ(response.usage.input_tokens, 11U);
  EXPECT_EQ(response.usage.cached_input_tokens, 4U);
  EXPECT_EQ(response.usage.output_tokens, 22U);
  ASSERT_EQ(chunks.size(), 5U);
  EXPECT_EQ(chunks[0], R"({"text":"Hi ","type":"text"})");
  EXPECT_EQ(
      chunks[2],
      R"({"arguments":"{\"q\":","id":"call_1","index":0,"name":"lookup","type":"tool_call"})");
}

TEST(ChatAssembler, AStreamWithoutDoneIsIncomplete) {
  ChatAssembler assembler;
  assembler.takeStreamData(
      R"({"model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]})");
  EXPECT_FALSE(assembler.complete());
}

TEST(ChatAssembler, StreamErrorsAreClassified) {
  ChatAssembler assembler;
  auto classOf = [&](const std::string& error) {
    try {
      assembler.takeStreamData(R"({"error":)" + error + "}");
    } catch (const sdk::Error& failure) {
      return failure.errorClass();
    }
    return sdk::ErrorClass::None;
  };
  EXPECT_EQ(classOf(R"({"message":"slow down","type":"requests","code":"rate_limit_exceeded"})"),
            sdk::ErrorClass::Transient);
  EXPECT_EQ(classOf(R"({"message":"oops","type":"server_error"})"), sdk::ErrorClass::Transient);
  EXPECT_EQ(classOf(R"({"message":"bad","type":"invalid_request_error"})"),
            sdk::ErrorClass::Permanent);
}

TEST(ChatAssembler, ReadsAWholeCompletion) {
  ChatAssembler assembler;
  assembler.takeCompletion(Json::parse(R"({"id":"c","model":"gpt-y","choices":[{"index":0,
    "message":{"role":"assistant","content":"Hello","tool_calls":[{"id":"k","type":"function",
    "function":{"name":"f","arguments":"{\"a\":2}"}}]},"finish_reason":"length"}],
    "usage":{"prompt_tokens":5,"completion_tokens":6}})"));
  sdk::AiResponse response = assembler.response();
  EXPECT_EQ(response.body["message"]["content"], Json("Hello"));
  EXPECT_EQ(response.body["message"]["tool_calls"].dump(),
            R"([{"arguments":"{\"a\":2}","id":"k","name":"f"}])");
  EXPECT_EQ(response.body["finish_reason"], Json("length"));
  EXPECT_EQ(response.usage.input_tokens, 5U);
  EXPECT_EQ(response.usage.output_tokens, 6U);
}

}  // namespace
}  // namespace orchestra::plugins::openai
