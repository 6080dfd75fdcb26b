#include "MessageAssembler.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "orchestra/sdk/Error.hpp"
#include "orchestra/sdk/SseParser.hpp"

namespace orchestra::plugins::anthropic {
namespace {

using sdk::Json;

// A complete stream as the Messages API sends it: text, then a tool call in JSON pieces.
constexpr const char* kStream =
    "event: message_start\n"
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
    "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-x\",\"stop_reason\":null,"
    "\"usage\":{\"input_tokens\":25,\"output_tokens\":1,\"cache_read_input_tokens\":100,"
    "\"cache_creation_input_tokens\":7}}}\n\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\","
    "\"text\":\"\"}}\n\n"
    "event: ping\ndata: {\"type\": \"ping\"}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
    "\"text\":\"Hel\"}}\n\n"
    "event: content_block_delta\r\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
    "\"text\":\"lo\"}}\r\n\r\n"
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
    "\"id\":\"toolu_1\",\"name\":\"lookup\",\"input\":{}}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
    "\"partial_json\":\"{\\\"city\\\": \"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
    "\"partial_json\":\"\\\"Oslo\\\"}\"}}\n\n"
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
    "event: message_delta\n"
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
    "\"stop_sequence\":null},\"usage\":{\"output_tokens\":42}}\n\n"
    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

TEST(MessageAssembler, AssemblesAStreamFedInAwkwardPieces) {
  std::vector<std::string> chunks;
  MessageAssembler assembler([&](const Json& chunk) { chunks.push_back(chunk.dump()); });
  sdk::SseParser parser([&](const sdk::SseEvent& event) { assembler.takeEvent(event); });
  const std::string stream = kStream;
  for (size_t i = 0; i < stream.size(); i += 7)
    parser.feed(std::string_view(stream).substr(i, 7));
  ASSERT_TRUE(assembler.complete());

  sdk::AiResponse response = assembler.response();
  EXPECT_EQ(response.body["message"]["content"], Json("Hello"));
  EXPECT_EQ(response.body["message"]["tool_calls"].dump(),
            R"([{"arguments":"{\"city\": \"Oslo\"}","id":"toolu_1","name":"lookup"}])");
  EXPECT_EQ(response.body["finish_reason"], Json("tool_calls"));
  EXPECT_EQ(response.body["model"], Json("claude-x"));
  EXPECT_EQ(response.usage.input_tokens, 125U);  // cache reads are part of the input
  EXPECT_EQ(response.usage.cached_input_tokens, 100U);
  EXPECT_EQ(response.usage.cache_creation_input_tokens, 7U);
  EXPECT_EQ(response.usage.output_tokens, 42U);

  ASSERT_EQ(chunks.size(), 5U);
  EXPECT_EQ(chunks[0], R"({"text":"Hel","type":"text"})");
  EXPECT_EQ(chunks[1], R"({"text":"lo","type":"text"})");
  EXPECT_EQ(chunks[2],
            R"({"arguments":"","id":"toolu_1","index":0,"name":"lookup","type":"tool_call"})");
  EXPECT_EQ(
      chunks[4],
      R"({"arguments":"\"Oslo\"}","id":"toolu_1","index":0,"name":"lookup","type":"tool_call"})");
}

TEST(MessageAssembler, AStreamCutBeforeMessageStopIsIncomplete) {
  MessageAssembler assembler;
  sdk::SseParser parser([&](const sdk::SseEvent& event) { assembler.takeEvent(event); });
  const std::string stream = kStream;
  parser.feed(stream.substr(0, stream.find("event: message_delta")));
  EXPECT_FALSE(assembler.complete());
}

TEST(MessageAssembler, ErrorEventsAreClassifiedByType) {
  MessageAssembler assembler;
  auto errorOf = [&](const std::string& type) {
    try {
      assembler.takeEvent(
          {"error", R"({"type":"error","error":{"type":")" + type + R"(","message":"m"}})"});
    } catch (const sdk::Error& error) {
      return error.errorClass();
    }
    return sdk::ErrorClass::None;
  };
  EXPECT_EQ(errorOf("overloaded_error"), sdk::ErrorClass::Transient);
  EXPECT_EQ(errorOf("rate_limit_error"), sdk::ErrorClass::Transient);
  EXPECT_EQ(errorOf("api_error"), sdk::ErrorClass::Transient);
  EXPECT_EQ(errorOf("invalid_request_error"), sdk::ErrorClass::Permanent);
  EXPECT_EQ(errorOf("authentication_error"), sdk::ErrorClass::Permanent);
}

TEST(MessageAssembler, ReadsAWholeMessageAndMapsStopReasons) {
  MessageAssembler assembler;
  assembler.takeMessage(Json::parse(R"({"id":"msg","type":"message","role":"assistant",
    "model":"claude-y","stop_reason":"max_tokens","content":[{"type":"text","text":"Hi"},
    {"type":"tool_use","id":"t","name":"f","input":{"a":1}}],
    "usage":{"input_tokens":3,"output_tokens":4}})"));
  sdk::AiResponse response = assembler.response();
  EXPECT_EQ(response.body["message"]["content"], Json("Hi"));
  EXPECT_EQ(response.body["message"]["tool_calls"].dump(),
            R"([{"arguments":"{\"a\":1}","id":"t","name":"f"}])");
  EXPECT_EQ(response.body["finish_reason"], Json("length"));
  EXPECT_EQ(response.usage.input_tokens, 3U);
  EXPECT_EQ(finishReason("end_turn"), "stop");
  EXPECT_EQ(finishReason("stop_sequence"), "stop");
  EXPECT_EQ(finishReason("tool_use"), "tool_calls");
  EXPECT_EQ(finishReason("refusal"), "content_filter");
}

}  // namespace
}  // namespace orchestra::plugins::anthropic
