// Server-sent events cut anywhere: whole events come out, comments and fields the MCP
// transports do not use are skipped, the last id is kept for resumption.
#include "SseParser.hpp"

#include <gtest/gtest.h>

namespace orchestra::plugins::mcp_http {
namespace {

TEST(SseParser, JoinsEventsFedInPieces) {
  SseParser parser;
  EXPECT_TRUE(parser.feed(": keep-alive\n\nevent: mess").empty());
  EXPECT_TRUE(parser.feed("age\r\nid: 7\r\ndata: {\"a\":").empty());
  const auto events = parser.feed("1}\ndata: more\n\ndata: second\n\n");
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(events[0].event, "message");
  EXPECT_EQ(events[0].data, "{\"a\":1}\nmore");
  EXPECT_EQ(events[0].id, "7");
  EXPECT_EQ(events[1].data, "second");
  EXPECT_EQ(events[1].id, "");
  EXPECT_EQ(parser.lastEventId(), "7");
}

TEST(SseParser, AnEventWithoutDataIsNoEvent) {
  SseParser parser;
  EXPECT_TRUE(parser.feed("event: endpoint\nid: 3\n\n").empty());
  const auto events = parser.feed("event: endpoint\ndata: /message?sessionId=x\n\n");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].event, "endpoint");
  EXPECT_EQ(parser.lastEventId(), "3");
}

}  // namespace
}  // namespace orchestra::plugins::mcp_http
