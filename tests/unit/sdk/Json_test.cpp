// The SDK's small JSON value: strict parsing (plugins get untrusted input) and stable output.
#include "orchestra/sdk/Json.hpp"

#include <gtest/gtest.h>

namespace sdk = orchestra::sdk;

namespace {

TEST(Json, RoundTripsDocuments) {
  auto value = sdk::Json::parse(R"( {"b": [1, 2.5, -3e2, true, null], "a": "x\"\u00e9\n"} )");
  EXPECT_EQ(value.dump(), "{\"a\":\"x\\\"\xc3\xa9\\n\",\"b\":[1,2.5,-300,true,null]}");
}

TEST(Json, RefusesWhatRfc8259Refuses) {
  for (const char* text :
       {"", "{", "[1,]", "{\"a\":1,}", "01", "'a'", "nul", "[1] 2", "\"\x01\"", "\"\\ud800\""}) {
    EXPECT_THROW(sdk::Json::parse(text), sdk::JsonError) << text;
  }
}

TEST(Json, LimitsNesting) {
  EXPECT_THROW(sdk::Json::parse(std::string(10000, '[')), sdk::JsonError);
}

TEST(Json, TypedAccessSaysWhatWasExpected) {
  auto value = sdk::Json::parse(R"({"n": 1})");
  EXPECT_EQ(value.stringOr("missing", "default"), "default");
  EXPECT_THROW(value.find("n")->asString(), sdk::JsonError);
}

}  // namespace
