// The SDK's small JSON value: strict parsing (plugins get untrusted input), exact integers and
// stable output.
#include "orchestra/sdk/Json.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace sdk = orchestra::sdk;

namespace {

// The message of the JsonError that `parse` throws, or "" when it parses.
std::string parseError(const std::string& text) {
  try {
    sdk::Json::parse(text);
  } catch (const sdk::JsonError& error) {
    return error.what();
  }
  return "";
}

template <class Access>
std::string accessError(Access access) {
  try {
    access();
  } catch (const sdk::JsonError& error) {
    return error.what();
  }
  return "";
}

TEST(Json, RoundTripsDocuments) {
  auto value = sdk::Json::parse(R"( {"b": [1, 2.5, -3e2, true, null], "a": "x\"\u00e9\n"} )");
  EXPECT_EQ(value.dump(), "{\"a\":\"x\\\"\xc3\xa9\\n\",\"b\":[1,2.5,-300,true,null]}");
}

TEST(Json, RefusesWhatRfc8259Refuses) {
  for (const char* text : {"",
                           "{",
                           "[1,]",
                           "{\"a\":1,}",
                           "01",
                           "'a'",
                           "nul",
                           "[1] 2",
                           "\"\x01\"",
                           "\"\\ud800\"",
                           "-",
                           "1.",
                           ".5",
                           "1e",
                           "+1",
                           "[1 2]",
                           "{\"a\" 1}",
                           "{1:2}",
                           "\"\\x\"",
                           "\"\\u12G4\"",
                           "\"\\udc00\"",
                           "\"\\ud800\\u0041\"",
                           "NaN",
                           "Infinity"}) {
    EXPECT_THROW(sdk::Json::parse(text), sdk::JsonError) << text;
  }
}

TEST(Json, MalformedTextNamesTheByteOffset) {
  EXPECT_EQ(parseError("[1,]"), "invalid JSON at byte 3: unexpected character ']'");
  EXPECT_EQ(parseError(R"({"a":1 "b":2})"), "invalid JSON at byte 7: expected ',' or '}'");
  EXPECT_EQ(parseError("[1] 2"), "invalid JSON at byte 4: unexpected text after the JSON value");
  EXPECT_EQ(parseError(R"(["ok", "\q"])"), "invalid JSON at byte 10: bad escape");
}

TEST(Json, RefusesDeepNestingWithoutExhaustingTheStack) {
  // Hostile input: a million brackets must fail cleanly, not overflow a worker's stack.
  EXPECT_EQ(parseError(std::string(1'000'000, '[')),
            "invalid JSON at byte 257: nested deeper than 256 levels");
  std::string deepest_allowed = std::string(257, '[') + std::string(257, ']');
  EXPECT_NO_THROW(sdk::Json::parse(deepest_allowed));
  EXPECT_THROW(sdk::Json::parse("[" + deepest_allowed + "]"), sdk::JsonError);
}

TEST(Json, KeepsValidUtf8AndRefusesInvalidUtf8) {
  // 2-, 3- and 4-byte sequences (é, €, 😀) pass through unchanged.
  std::string text = "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"";
  EXPECT_EQ(sdk::Json::parse(text).asString(), text.substr(1, text.size() - 2));
  EXPECT_EQ(sdk::Json::parse(R"("\ud83d\ude00")").asString(), "\xf0\x9f\x98\x80");
  for (const char* bad : {"\"\x80\"",              // a continuation byte on its own
                          "\"\xc0\xaf\"",          // overlong '/'
                          "\"\xe0\x80\xaf\"",      // overlong, 3 bytes
                          "\"\xed\xa0\x80\"",      // an encoded surrogate
                          "\"\xf4\x90\x80\x80\"",  // above U+10FFFF
                          "\"\xc3\"",              // truncated
                          "\"\xe2\x82\"",          // truncated before the closing quote
                          "\"\xff\""}) {
    EXPECT_THROW(sdk::Json::parse(bad), sdk::JsonError) << bad;
  }
  // The offset names the sequence's first byte.
  EXPECT_EQ(parseError("[\"ok\", \"a\xc0\xaf\"]"),
            "invalid JSON at byte 9: invalid UTF-8 byte in string");
  EXPECT_EQ(parseError("[\"ok\", \"a\xed\xa0\x80\"]"),
            "invalid JSON at byte 9: invalid UTF-8 sequence in string");
}

TEST(Json, KeepsIntegersExact) {
  // 2^53 + 1 is the first integer a double cannot hold.
  auto above_double = sdk::Json::parse("9007199254740993");
  EXPECT_EQ(above_double.asInt(), 9007199254740993);
  EXPECT_EQ(above_double.dump(), "9007199254740993");
  EXPECT_NE(above_double, sdk::Json::parse("9007199254740992"));

  for (int64_t edge : {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                       int64_t{0}, int64_t{-1}}) {
    std::string text = std::to_string(edge);
    auto value = sdk::Json::parse(text);
    EXPECT_TRUE(value.isInteger()) << text;
    EXPECT_EQ(value.asInt(), edge);
    EXPECT_EQ(value.dump(), text);
    EXPECT_EQ(sdk::Json(edge).dump(), text);
  }
}

TEST(Json, KeepsUnsignedIntegersAboveInt64Exact) {
  auto largest = sdk::Json::parse("18446744073709551615");
  EXPECT_TRUE(largest.isInteger());
  EXPECT_EQ(largest.asUint(), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(largest.dump(), "18446744073709551615");
  EXPECT_EQ(largest, sdk::Json(std::numeric_limits<uint64_t>::max()));
  EXPECT_EQ(accessError([&] { largest.asInt(); }),
            "JSON integer does not fit in int64: 18446744073709551615");
  EXPECT_EQ(accessError([] { sdk::Json(-5).asUint(); }),
            "JSON integer is negative, expected >= 0: -5");
  // One past uint64 is only representable as a double.
  auto beyond = sdk::Json::parse("18446744073709551616");
  EXPECT_EQ(beyond.dump(), "1.8446744073709552e+19");
  EXPECT_DOUBLE_EQ(beyond.asNumber(), 18446744073709551616.0);
  EXPECT_THROW(beyond.asUint(), sdk::JsonError);
}

TEST(Json, AsIntRefusesAFractionAndSaysWhatWasExpected) {
  auto value = sdk::Json::parse(R"({"ratio": 1.9, "name": "x", "whole": 3.0, "kilo": 1e3})");
  EXPECT_EQ(accessError([&] { value.find("ratio")->asInt(); }),
            "JSON value is not an integer: 1.9");
  EXPECT_EQ(accessError([&] { value.find("name")->asInt(); }),
            "JSON value is not an integer: found a string");
  EXPECT_FALSE(value.find("ratio")->isInteger());
  EXPECT_TRUE(value.find("ratio")->isNumber());
  // No fraction: JSON does not tell 3 from 3.0, so neither do we.
  EXPECT_EQ(value.find("whole")->asInt(), 3);
  EXPECT_EQ(value.find("kilo")->asInt(), 1000);
  EXPECT_THROW(sdk::Json(1e19).asInt(), sdk::JsonError);
  EXPECT_EQ(sdk::Json(-9.223372036854775808e18).asInt(), std::numeric_limits<int64_t>::min());
}

TEST(Json, AsNumberReadsEveryNumber) {
  EXPECT_DOUBLE_EQ(sdk::Json(7).asNumber(), 7.0);
  EXPECT_DOUBLE_EQ(sdk::Json::parse("2.5").asNumber(), 2.5);
  EXPECT_DOUBLE_EQ(sdk::Json(std::numeric_limits<uint64_t>::max()).asNumber(),
                   1.8446744073709552e19);
  EXPECT_EQ(accessError([] { sdk::Json(true).asNumber(); }),
            "JSON value is not a number: found a boolean (true)");
}

TEST(Json, NumbersAreEqualByValue) {
  EXPECT_EQ(sdk::Json::parse("1"), sdk::Json::parse("1.0"));
  EXPECT_EQ(sdk::Json::parse("[1, {\"a\": 2}]"), sdk::Json::parse("[1e0, {\"a\": 2.0}]"));
  EXPECT_NE(sdk::Json::parse("1"), sdk::Json::parse("1.5"));
  EXPECT_NE(sdk::Json(1), sdk::Json(true));
  EXPECT_NE(sdk::Json(1), sdk::Json("1"));
  // Exact, not through a double: 2^53 + 1 differs from the double 2^53.
  EXPECT_NE(sdk::Json(int64_t{9007199254740993}), sdk::Json(9007199254740992.0));
  EXPECT_EQ(sdk::Json(int64_t{9007199254740992}), sdk::Json(9007199254740992.0));
}

TEST(Json, NegativeZero) {
  // The integer literal -0 is the integer 0; the double -0.0 keeps its sign through a round trip.
  EXPECT_EQ(sdk::Json::parse("-0").dump(), "0");
  auto negative = sdk::Json::parse("-0.0");
  EXPECT_TRUE(std::signbit(negative.asNumber()));
  EXPECT_EQ(negative.dump(), "-0.0");
  EXPECT_TRUE(std::signbit(sdk::Json::parse(negative.dump()).asNumber()));
  EXPECT_EQ(negative, sdk::Json(0));
  EXPECT_EQ(negative.asInt(), 0);
}

TEST(Json, NumbersTooLargeForADoubleAreRefused) {
  // JSON cannot spell infinity, so 1e400 could not be written back: refused, with its offset.
  EXPECT_EQ(parseError("[1, 1e400]"),
            "invalid JSON at byte 4: number 1e400 is too large for a double");
  EXPECT_THROW(sdk::Json::parse("-1e400"), sdk::JsonError);
  // A huge integer literal is a double, like any number beyond 64 bits.
  EXPECT_DOUBLE_EQ(sdk::Json::parse("1" + std::string(30, '0')).asNumber(), 1e30);
  // Underflow rounds toward zero, as every JSON reader does.
  EXPECT_EQ(sdk::Json::parse("1e-400").asNumber(), 0.0);
}

TEST(Json, DoublesRoundTrip) {
  for (double number : {0.1, -2.5e-300, 1.7976931348623157e308, 123456.789, 1e20}) {
    auto value = sdk::Json(number);
    EXPECT_EQ(sdk::Json::parse(value.dump()).asNumber(), number) << value.dump();
  }
  EXPECT_EQ(sdk::Json(std::numeric_limits<double>::infinity()).dump(), "null");
}

TEST(Json, ConstructsFromEveryIntegerType) {
  // One template: none of these may be ambiguous or silently become a double.
  EXPECT_EQ(sdk::Json(short{-3}).dump(), "-3");
  EXPECT_EQ(sdk::Json(7u).dump(), "7");
  EXPECT_EQ(sdk::Json(8L).dump(), "8");
  EXPECT_EQ(sdk::Json(9LL).dump(), "9");
  EXPECT_EQ(sdk::Json(size_t{10}).dump(), "10");
  EXPECT_EQ(sdk::Json(int64_t{9007199254740993}).dump(), "9007199254740993");
  EXPECT_TRUE(sdk::Json(true).isBool());
  EXPECT_FALSE(sdk::Json(2.5).isInteger());
  sdk::Json object;
  object["count"] = size_t{3};
  EXPECT_EQ(object.dump(), R"({"count":3})");
}

TEST(Json, EscapesControlCharactersOnOutput) {
  EXPECT_EQ(sdk::Json(std::string("a\x01\tb\"\\")).dump(), R"("a\u0001\tb\"\\")");
  EXPECT_EQ(sdk::Json::parse(sdk::Json::quote("line\nbreak")).asString(), "line\nbreak");
}

TEST(Json, TypedAccessSaysWhatWasExpected) {
  auto value = sdk::Json::parse(R"({"n": 1, "secret": "hunter2"})");
  EXPECT_EQ(value.stringOr("missing", "default"), "default");
  EXPECT_EQ(accessError([&] { value.find("n")->asString(); }),
            "JSON value is not a string: found an integer (1)");
  // A string's content never appears: it may be a secret from the config.
  EXPECT_EQ(accessError([&] { value.find("secret")->asNumber(); }),
            "JSON value is not a number: found a string");
  EXPECT_EQ(accessError([&] { value.asArray(); }), "JSON value is not an array: found an object");
}

}  // namespace
