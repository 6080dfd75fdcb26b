#include "host/text/JsonEscape.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace orchestra::text {
namespace {

std::string json(std::string_view text) {
  std::string out;
  appendJsonString(out, text);
  return out;
}

TEST(JsonEscapeTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(json(""), R"("")");
  EXPECT_EQ(json("plain"), R"("plain")");
  EXPECT_EQ(json("say \"hi\" \\ bye"), R"("say \"hi\" \\ bye")");
  EXPECT_EQ(json("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(json(std::string_view("\x00\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(json("\x7f/"), "\"\x7f/\"");  // DEL and slash need no escape
}

TEST(JsonEscapeTest, CopiesValidUtf8) {
  EXPECT_EQ(json("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
            "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
  EXPECT_EQ(json("\xef\xbf\xbf\xf4\x8f\xbf\xbf"), "\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\"");
}

TEST(JsonEscapeTest, ReplacesEachInvalidUtf8ByteWithReplacementCharacter) {
  EXPECT_EQ(json("a\xff"
                 "b"),
            R"("a\ufffdb")");
  EXPECT_EQ(json("\x80"), R"("\ufffd")");                                // stray continuation
  EXPECT_EQ(json("\xc3"), R"("\ufffd")");                                // truncated at the end
  EXPECT_EQ(json("\xc3("), R"("\ufffd(")");                              // truncated mid-text
  EXPECT_EQ(json("\xc0\xaf"), R"("\ufffd\ufffd")");                      // overlong '/'
  EXPECT_EQ(json("\xe0\x80\xaf"), R"("\ufffd\ufffd\ufffd")");            // overlong, 3 bytes
  EXPECT_EQ(json("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");            // UTF-16 surrogate
  EXPECT_EQ(json("\xf4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // above U+10FFFF
  EXPECT_EQ(json("\xe2\x82"), R"("\ufffd\ufffd")");
}

}  // namespace
}  // namespace orchestra::text
