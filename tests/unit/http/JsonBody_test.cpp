#include "host/http/JsonBody.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/errors/ApiError.hpp"

namespace orchestra::http {
namespace {

int statusOf(const std::string& body) {
  try {
    parseJsonObject(body);
  } catch (const errors::ApiError& error) {
    return error.status();
  }
  return 200;
}

TEST(JsonBody, CountsNestingOutsideStringsOnly) {
  EXPECT_EQ(jsonNestingDepth(R"({"a":[1,{"b":[]}]})", 64), 4U);
  EXPECT_EQ(jsonNestingDepth(R"({"a":"[[[[{{{{\"[["})", 64), 1U);
  EXPECT_EQ(jsonNestingDepth("[]", 64), 1U);
  EXPECT_EQ(jsonNestingDepth("1", 64), 0U);
  EXPECT_EQ(jsonNestingDepth(std::string(100000, '['), 64), 65U);  // stops counting early
}

TEST(JsonBody, RefusesEmptyMalformedDeepAndNonObjectBodies) {
  EXPECT_EQ(statusOf(R"({"a":1})"), 200);
  EXPECT_EQ(statusOf(""), 400);
  EXPECT_EQ(statusOf(R"({"a":)"), 400);
  EXPECT_EQ(statusOf("[1]"), 422);
  EXPECT_EQ(statusOf(std::string(64, '[') + std::string(64, ']')), 422);  // an array, not deep
  EXPECT_EQ(statusOf("{\"a\":" + std::string(64, '[') + std::string(64, ']') + "}"), 422);
  EXPECT_EQ(statusOf("{\"a\":" + std::string(63, '[') + std::string(63, ']') + "}"), 200);
  // A million brackets must not reach the recursive parser at all.
  EXPECT_EQ(statusOf(std::string(1'000'000, '[')), 422);
}

std::string repeated(const std::string& item, std::size_t count) {
  std::string out = "[";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    out += item;
  }
  return out + "]";
}

TEST(JsonBody, CountsEveryValueOnce) {
  const JsonLimits unbounded{64, 1'000'000};
  EXPECT_EQ(measureJson("{}", unbounded).values, 1U);
  EXPECT_EQ(measureJson("[]", unbounded).values, 1U);
  EXPECT_EQ(measureJson(" [ ] ", unbounded).values, 1U);
  EXPECT_EQ(measureJson("[{},{},{}]", unbounded).values, 4U);
  EXPECT_EQ(measureJson(R"({"a":0,"b":[1,2,{"c":"x,y]"}]})", unbounded).values, 7U);
  EXPECT_EQ(measureJson(R"({"":{"":{}}})", unbounded).values, 3U);
  EXPECT_EQ(measureJson(repeated("{}", 349'525), unbounded).values, 349'526U);
}

TEST(JsonBody, StopsCountingOnceALimitIsPassed) {
  const JsonShape shape = measureJson(repeated("0", 1'000'000), JsonLimits{64, 100});
  EXPECT_EQ(shape.values, 101U);
}

int statusWithin(const std::string& body, const JsonLimits& limits) {
  try {
    parseJsonObject(body, limits);
  } catch (const errors::ApiError& error) {
    return error.status();
  }
  return 200;
}

TEST(JsonBody, RefusesMoreValuesThanTheLimitBeforeParsing) {
  const JsonLimits limits{64, 10};
  EXPECT_EQ(statusWithin(R"({"a":[1,2,3,4,5,6,7,8]})", limits), 200);  // 10 values
  EXPECT_EQ(statusWithin(R"({"a":[1,2,3,4,5,6,7,8,9]})", limits), 413);
  EXPECT_EQ(statusWithin("{\"a\":" + repeated("{}", 349'525) + "}", limits), 413);
  EXPECT_EQ(statusWithin(R"({"a":[[[1]]]})", JsonLimits{3, 100}), 422);
}

TEST(JsonBody, CountsMembersLargestContainersAndLongStrings) {
  const JsonLimits unbounded{64, 1'000'000};
  const JsonShape shape =
      measureJson(R"({"a":0,"b":[1,{"c":"x:y"},[],[3,4,5,6]],"long":"fourteen bytes"})", unbounded);
  EXPECT_EQ(shape.members, 4U);
  EXPECT_EQ(shape.largest_array, 4U);
  EXPECT_EQ(shape.largest_object, 3U);
  EXPECT_EQ(shape.long_string_bytes, 14U);
  EXPECT_EQ(measureJson("[1,2]", unbounded).members, 0U);
  EXPECT_EQ(measureJson("[[],[]]", unbounded).largest_array, 2U);
}

TEST(JsonBody, RefusesALargeBodyPackedSoDenselyItsDocumentWouldCostTenTimesIt) {
  const JsonLimits limits{64, 1'000'000};
  // 2 bytes a value: ~34 times the body as a document.
  EXPECT_EQ(statusWithin("{\"a\":" + repeated("0", 40'000) + "}", limits), 413);
  // Below the floor the same density passes: the absolute cost stays small.
  EXPECT_EQ(statusWithin("{\"a\":" + repeated("0", 20'000) + "}", limits), 200);
  // Ten-digit numbers (11 bytes a value) pass at any size.
  EXPECT_EQ(statusWithin("{\"a\":" + repeated("1234567890", 40'000) + "}", limits), 200);
  // A typical graph node: ~14 bytes per value and member.
  const std::string node =
      R"({"id":"n1","type":"core.delay","position":{"x":200,"y":40},"data":{"duration_ms":5}})";
  EXPECT_EQ(statusWithin(R"({"nodes":)" + repeated(node, 2'000) + "}", limits), 200);
}

TEST(JsonBody, MalformedJsonGetsOneFixedMessage) {
  const std::vector<std::string> malformed_bodies = {R"({"a":)", "{]", R"({"a":1}})",
                                                     "{\"a\":" + std::string(100000, '9') + "x}"};
  for (const std::string& malformed : malformed_bodies) {
    try {
      parseJsonObject(malformed);
      ADD_FAILURE() << malformed;
    } catch (const errors::ApiError& error) {
      EXPECT_EQ(error.status(), 400);
      EXPECT_EQ(error.detail(), "Malformed JSON body");
    }
  }
}

TEST(JsonBody, RefusesANulCharacterInAnyStringWhereItIs) {
  const auto locOf = [](const std::string& body) -> std::vector<std::string> {
    try {
      parseJsonObject(body);
    } catch (const errors::ApiError& error) {
      EXPECT_EQ(error.status(), 422);
      if (!error.issues().empty()) return error.issues().front().loc;
    }
    return {};
  };
  EXPECT_EQ(locOf(R"j({"full_name":"admin\u0000 (vanishes)"})j"),
            (std::vector<std::string>{"body", "full_name"}));
  EXPECT_EQ(locOf(R"({"a":[1,{"b":"\u0000"}]})"),
            (std::vector<std::string>{"body", "a", "1", "b"}));
  using namespace std::string_literals;
  EXPECT_EQ(locOf(R"({"a\u0000b":1})"), (std::vector<std::string>{"body", "a\0b"s}));
  // An escaped backslash followed by "u0000" is six ordinary characters.
  EXPECT_EQ(statusOf(R"({"a":"\\u0000"})"), 200);
  EXPECT_EQ(statusOf(R"({"a":"\u0001"})"), 200);
}

}  // namespace
}  // namespace orchestra::http
