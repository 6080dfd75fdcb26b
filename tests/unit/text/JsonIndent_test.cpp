#include "host/text/JsonIndent.hpp"

#include <gtest/gtest.h>

namespace orchestra::text {
namespace {

TEST(JsonIndentTest, ScalarsAndEmptyContainersStayOnOneLine) {
  EXPECT_EQ(indentJson("null"), "null");
  EXPECT_EQ(indentJson("12.50"), "12.50");  // numbers copied, not re-formatted
  EXPECT_EQ(indentJson("{}"), "{}");
  EXPECT_EQ(indentJson("[ ]"), "[]");
  EXPECT_EQ(indentJson(R"({"a":{ },"b":[]})"), "{\n  \"a\": {},\n  \"b\": []\n}");
}

TEST(JsonIndentTest, NestsMembersAndElementsOnePerLine) {
  EXPECT_EQ(indentJson(R"({"greeting":"hello Ada","list":[1,{"x":true}]})"),
            "{\n"
            "  \"greeting\": \"hello Ada\",\n"
            "  \"list\": [\n"
            "    1,\n"
            "    {\n"
            "      \"x\": true\n"
            "    }\n"
            "  ]\n"
            "}");
  EXPECT_EQ(indentJson("[1,2]", 4), "[\n    1,\n    2\n]");
}

TEST(JsonIndentTest, StringsAreCopiedExactlyWhateverTheyHoldAndOldLayoutIsDropped) {
  EXPECT_EQ(indentJson(R"({"s":"a, b: {c} [d] \"q\" \\"})"),
            "{\n  \"s\": \"a, b: {c} [d] \\\"q\\\" \\\\\"\n}");
  EXPECT_EQ(indentJson("{\n    \"k\" :\t\"v w\"\n}"), "{\n  \"k\": \"v w\"\n}");
}

}  // namespace
}  // namespace orchestra::text
