#include "host/text/JsonCompaction.hpp"

#include <gtest/gtest.h>

#include <string>

namespace orchestra::text {
namespace {

std::string compacted(std::string_view json, JsonCompactionLimits limits = {}) {
  std::string out;
  EXPECT_EQ(appendCompactJson(json, limits, out), JsonCompaction::kWritten) << json;
  return out;
}

JsonCompaction outcome(std::string_view json, JsonCompactionLimits limits = {}) {
  std::string out = "kept";
  const JsonCompaction result = appendCompactJson(json, limits, out);
  if (result != JsonCompaction::kWritten) {
    EXPECT_EQ(out, "kept") << "a refused text must leave the output as it was";
  }
  return result;
}

TEST(JsonCompaction, DropsWhitespaceAndKeepsMemberOrder) {
  EXPECT_EQ(compacted(" { \"z\" : 1 ,\n \"a\" : [ true , false , null ] } \r\n"),
            R"({"z":1,"a":[true,false,null]})");
}

TEST(JsonCompaction, KeepsNumbersAsSpelled) {
  // A double would round the first and rewrite the others.
  EXPECT_EQ(compacted("[123456789012345678901234567890,-0,1.5E300,0.10]"),
            "[123456789012345678901234567890,-0,1.5E300,0.10]");
}

TEST(JsonCompaction, ANumberNoDoubleHoldsIsNotJson) {
  // RapidJSON refuses it, and no other part of the host could read it back either.
  EXPECT_EQ(outcome("[1e400]"), JsonCompaction::kNotJson);
}

TEST(JsonCompaction, EscapesStringsAsTheHostDoes) {
  EXPECT_EQ(compacted(R"(["\u0041\n\u0000\/", "\ud83d\ude00"])"),
            "[\"A\\n\\u0000/\",\"\xF0\x9F\x98\x80\"]");
}

TEST(JsonCompaction, AppendsToWhatIsThere) {
  std::string out = "{\"body\":";
  ASSERT_EQ(appendCompactJson("[1]", {}, out), JsonCompaction::kWritten);
  EXPECT_EQ(out, "{\"body\":[1]");
}

TEST(JsonCompaction, RefusesWhatIsNotOneJsonValue) {
  EXPECT_EQ(outcome(""), JsonCompaction::kNotJson);
  EXPECT_EQ(outcome("a=1&b=2"), JsonCompaction::kNotJson);
  EXPECT_EQ(outcome("{} {}"), JsonCompaction::kNotJson);
  EXPECT_EQ(outcome("[1,]"), JsonCompaction::kNotJson);
  EXPECT_EQ(outcome("{\"a\":1"), JsonCompaction::kNotJson);
  EXPECT_EQ(outcome("\"tab\there\""), JsonCompaction::kNotJson);
  EXPECT_EQ(outcome("[\"\xC3\x28\"]"), JsonCompaction::kNotJson);  // not UTF-8
}

TEST(JsonCompaction, ANulByteDoesNotEndTheInput) {
  using namespace std::string_literals;
  EXPECT_EQ(outcome("{}\0{\"hidden\":1}"s), JsonCompaction::kNotJson);
  EXPECT_EQ(outcome("[\"a\0b\"]"s), JsonCompaction::kNotJson);
}

TEST(JsonCompaction, StopsPastTheDepthLimit) {
  EXPECT_EQ(compacted("[[[1]]]", {.max_depth = 3}), "[[[1]]]");
  EXPECT_EQ(outcome("[[[[1]]]]", {.max_depth = 3}), JsonCompaction::kTooDeep);
  EXPECT_EQ(outcome(R"({"a":{"b":{"c":{}}}})", {.max_depth = 3}), JsonCompaction::kTooDeep);
}

TEST(JsonCompaction, DeepNestingIsRefusedWithoutExhaustingTheStack) {
  // Far deeper than a recursive parser survives; a truncated tail must not matter either.
  const std::string deep(4'000'000, '[');
  EXPECT_EQ(outcome(deep, {.max_depth = 64}), JsonCompaction::kTooDeep);
  EXPECT_EQ(outcome(deep, {.max_depth = 5'000'000, .max_values = 5'000'000}),
            JsonCompaction::kNotJson);
}

TEST(JsonCompaction, StopsPastTheValueLimit) {
  // Every scalar, array and object counts one: this holds 4.
  EXPECT_EQ(compacted(R"({"a":[1,{}]})", {.max_values = 4}), R"({"a":[1,{}]})");
  EXPECT_EQ(outcome(R"({"a":[1,{},2]})", {.max_values = 4}), JsonCompaction::kTooManyValues);
  EXPECT_EQ(outcome("[{},{},{}]", {.max_values = 3}), JsonCompaction::kTooManyValues);
}

TEST(JsonCompaction, AMalformedTextIsNotJsonEvenPastALimit) {
  // The reader stops at the first problem it meets, so what comes first decides.
  EXPECT_EQ(outcome("[1,2,3,x]", {.max_values = 2}), JsonCompaction::kTooManyValues);
  EXPECT_EQ(outcome("[x,1,2,3]", {.max_values = 2}), JsonCompaction::kNotJson);
}

}  // namespace
}  // namespace orchestra::text
