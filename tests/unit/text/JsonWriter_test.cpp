#include "host/text/JsonWriter.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

namespace orchestra::text {
namespace {

TEST(JsonWriter, WritesSeparatorsForNestedContainers) {
  JsonWriter json;
  json.beginObject()
      .field("id", "w1")
      .field("version", 3)
      .field("ok", true)
      .key("tags")
      .beginArray()
      .value("a")
      .value("b")
      .endArray()
      .key("empty")
      .beginObject()
      .endObject()
      .key("none")
      .null()
      .endObject();
  EXPECT_EQ(json.text(),
            R"({"id":"w1","version":3,"ok":true,"tags":["a","b"],"empty":{},"none":null})");
}

TEST(JsonWriter, KeepsIntegersExactAndRefusesNonFiniteNumbers) {
  JsonWriter json;
  json.beginArray()
      .value(std::numeric_limits<std::int64_t>::min())
      .value(std::numeric_limits<std::uint64_t>::max())
      .value(0.1)
      .value(std::nan(""))
      .value(-std::numeric_limits<double>::infinity())
      .endArray();
  EXPECT_EQ(json.text(), "[-9223372036854775808,18446744073709551615,0.1,null,null]");
}

TEST(JsonWriter, EscapesKeysAndValuesAndRepairsInvalidUtf8) {
  JsonWriter json;
  json.beginObject().field("a\"b", "line\nnext \xff").endObject();
  EXPECT_EQ(json.text(), R"({"a\"b":"line\nnext \ufffd"})");
}

TEST(JsonWriter, OptionalsAreNullWhenEmpty) {
  JsonWriter json;
  json.beginArray()
      .value(std::optional<std::string>{})
      .value(std::optional<std::string>{"x"})
      .endArray();
  EXPECT_EQ(json.text(), R"([null,"x"])");
}

TEST(JsonWriter, SerialisesPocoValuesLikeItsOwn) {
  Poco::JSON::Parser parser;
  const auto parsed =
      parser.parse(R"({"b":[1,-2,3.5,true,null,"s"],"a":{"n":18446744073709551615},"c":"\u00e9"})");
  EXPECT_EQ(
      toJson(parsed),
      "{\"a\":{\"n\":18446744073709551615},\"b\":[1,-2,3.5,true,null,\"s\"],\"c\":\"\xc3\xa9\"}");
  JsonWriter json;
  json.beginObject().field("doc", parsed).key("raw").rawValue("[1]").endObject();
  EXPECT_EQ(json.text().substr(0, 12), R"({"doc":{"a":)");
  EXPECT_EQ(json.text().substr(json.text().size() - 10), R"("raw":[1]})");
}

}  // namespace
}  // namespace orchestra::text
