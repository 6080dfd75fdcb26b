#include "host/bus/RedisReply.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace orchestra::bus {
namespace {

TEST(RedisReply, ParsesAPubSubMessageAndSaysHowMuchItTook) {
  const std::string bytes = "*3\r\n$7\r\nmessage\r\n$3\r\nc:1\r\n$6\r\n7 {\"a\"\r\n:42\r\n";
  std::size_t consumed = 0;
  const auto reply = parseRedisReply(bytes, consumed);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->kind, RedisReply::Kind::Array);
  EXPECT_EQ(reply->textAt(0), "message");
  EXPECT_EQ(reply->textAt(1), "c:1");
  EXPECT_EQ(reply->textAt(2), "7 {\"a\"");
  EXPECT_EQ(reply->textAt(3), "");
  EXPECT_EQ(consumed, bytes.size() - 5);
  const auto next = parseRedisReply(std::string_view(bytes).substr(consumed), consumed);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->kind, RedisReply::Kind::Integer);
  EXPECT_EQ(next->integer, 42);
}

TEST(RedisReply, BulkStringsMayHoldLineBreaks) {
  std::size_t consumed = 0;
  const auto reply = parseRedisReply("$4\r\na\r\nb\r\n", consumed);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->text, "a\r\nb");
}

TEST(RedisReply, AnIncompleteReplyIsNotParsedYet) {
  const std::string whole = "*2\r\n$9\r\nsubscribe\r\n:1\r\n";
  for (std::size_t size = 0; size < whole.size(); ++size) {
    std::size_t consumed = 99;
    EXPECT_FALSE(parseRedisReply(std::string_view(whole).substr(0, size), consumed)) << size;
    EXPECT_EQ(consumed, 99U);
  }
}

TEST(RedisReply, StatusErrorAndNulls) {
  std::size_t consumed = 0;
  EXPECT_EQ(parseRedisReply("+PONG\r\n", consumed)->text, "PONG");
  const auto error = parseRedisReply("-ERR wrong\r\n", consumed);
  EXPECT_EQ(error->kind, RedisReply::Kind::Error);
  EXPECT_EQ(error->text, "ERR wrong");
  EXPECT_EQ(parseRedisReply("$-1\r\n", consumed)->kind, RedisReply::Kind::Null);
  EXPECT_EQ(parseRedisReply("*-1\r\n", consumed)->kind, RedisReply::Kind::Null);
}

TEST(RedisReply, BytesThatAreNotRespAreRefused) {
  std::size_t consumed = 0;
  EXPECT_THROW(parseRedisReply("HTTP/1.1 200 OK\r\n", consumed), std::runtime_error);
  EXPECT_THROW(parseRedisReply(":12x\r\n", consumed), std::runtime_error);
  EXPECT_THROW(parseRedisReply("$2\r\nabcd\r\n", consumed), std::runtime_error);
  std::string deep;
  for (int i = 0; i < 20; ++i)
    deep += "*1\r\n";
  EXPECT_THROW(parseRedisReply(deep + ":1\r\n", consumed), std::runtime_error);
}

}  // namespace
}  // namespace orchestra::bus
