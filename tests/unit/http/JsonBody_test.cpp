#include "host/http/JsonBody.hpp"

#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace orchestra::http
