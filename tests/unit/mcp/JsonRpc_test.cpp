#include "host/mcp/JsonRpc.hpp"

#include <gtest/gtest.h>

#include <string>

namespace orchestra::mcp {
namespace {

using Kind = IncomingMessage::Kind;

TEST(JsonRpc, ARequestKeepsItsIdAsSentAndItsParamsAsText) {
  const IncomingMessage message =
      parseJsonRpc(R"({"jsonrpc":"2.0","id":"a-1","method":"tools/call","params":{"b":[1,2.5]}})");
  EXPECT_EQ(message.kind, Kind::Request);
  EXPECT_EQ(message.id_json, R"("a-1")");
  EXPECT_FALSE(message.numeric_id.has_value());
  EXPECT_EQ(message.method, "tools/call");
  EXPECT_EQ(message.params_json, R"({"b":[1,2.5]})");
}

TEST(JsonRpc, ANullIdMakesANotification) {
  EXPECT_EQ(parseJsonRpc(R"({"jsonrpc":"2.0","method":"notifications/initialized"})").kind,
            Kind::Notification);
  const IncomingMessage message = parseJsonRpc(R"({"id":null,"method":"x"})");
  EXPECT_EQ(message.kind, Kind::Notification);
  EXPECT_TRUE(message.id_json.empty());
  EXPECT_TRUE(message.params_json.empty());
}

TEST(JsonRpc, ResponsesCarryTheirNumericIdAndResultOrError) {
  const IncomingMessage result = parseJsonRpc(R"({"jsonrpc":"2.0","id":7,"result":{"ok":true}})");
  EXPECT_EQ(result.kind, Kind::Response);
  EXPECT_EQ(result.numeric_id, 7);
  EXPECT_FALSE(result.is_error);
  EXPECT_EQ(result.result_json, R"({"ok":true})");

  const IncomingMessage error =
      parseJsonRpc(R"({"id":8,"error":{"code":-32601,"message":"Method not found"}})");
  EXPECT_EQ(error.kind, Kind::Response);
  EXPECT_TRUE(error.is_error);
  EXPECT_EQ(error.error_code, -32601);
  EXPECT_EQ(error.error_message, "Method not found");
  EXPECT_TRUE(error.result_json.empty());
}

TEST(JsonRpc, WhatIsNotAMessageSaysWhy) {
  const IncomingMessage garbage = parseJsonRpc("{\"id\":1,");
  EXPECT_EQ(garbage.kind, Kind::Invalid);
  EXPECT_TRUE(garbage.not_json);

  const IncomingMessage array = parseJsonRpc("[1]");
  EXPECT_EQ(array.kind, Kind::Invalid);
  EXPECT_FALSE(array.not_json);
  EXPECT_EQ(array.problem, "not a JSON object");

  EXPECT_EQ(parseJsonRpc(R"({"jsonrpc":"2.0"})").problem, "neither a method nor an id");
  EXPECT_EQ(parseJsonRpc(R"({"id":3})").problem, "a response with neither result nor error");

  const IncomingMessage numeric_method = parseJsonRpc(R"({"id":3,"method":12})");
  EXPECT_EQ(numeric_method.kind, Kind::Invalid);
  EXPECT_FALSE(numeric_method.not_json);
  EXPECT_EQ(numeric_method.method, "");
}

TEST(JsonRpc, AnIdTooLargeForSixtyFourBitsIsKeptAsTextOnly) {
  const IncomingMessage message = parseJsonRpc(R"({"id":18446744073709551615,"result":1})");
  EXPECT_EQ(message.kind, Kind::Response);
  EXPECT_EQ(message.id_json, "18446744073709551615");
  EXPECT_FALSE(message.numeric_id.has_value());
}

TEST(JsonRpc, AParsedDocumentIsClassifiedWithoutCopyingItsPayload) {
  const auto document = text::JsonDocument::parse(R"({"id":1,"method":"ping","params":{}})");
  ASSERT_TRUE(document);
  const IncomingMessage message = classifyJsonRpc(document->root());
  EXPECT_EQ(message.kind, Kind::Request);
  EXPECT_EQ(message.method, "ping");
  EXPECT_TRUE(message.params_json.empty());
}

}  // namespace
}  // namespace orchestra::mcp
