#include "host/text/JsonDocument.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "host/text/JsonWriter.hpp"

namespace orchestra::text {
namespace {

using namespace std::string_literals;

JsonDocument parsed(std::string_view text) {
  auto document = JsonDocument::parse(text);
  EXPECT_TRUE(document.has_value()) << text;
  return document ? std::move(*document) : JsonDocument();
}

TEST(JsonDocument, ReadsMembersElementsAndScalars) {
  const JsonDocument document = parsed(
      R"({"name":"ada","age":36,"ratio":0.5,"ok":true,"none":null,"tags":["a","b"],"at":{"x":1}})");
  const JsonView body = document.root();
  EXPECT_TRUE(body.isObject());
  EXPECT_EQ(body.getValue<std::string>("name"), "ada");
  EXPECT_EQ(body.getValue<std::int64_t>("age"), 36);
  EXPECT_EQ(body.getValue<int>("age"), 36);
  EXPECT_DOUBLE_EQ(body.getValue<double>("age"), 36.0);
  EXPECT_DOUBLE_EQ(body.getValue<double>("ratio"), 0.5);
  EXPECT_TRUE(body.getValue<bool>("ok"));
  EXPECT_TRUE(body.has("none"));
  EXPECT_TRUE(body.isNull("none"));
  EXPECT_FALSE(body.has("missing"));
  EXPECT_TRUE(body.isNull("missing"));
  EXPECT_FALSE(body.get("missing").exists());
  EXPECT_EQ(body.optValue<std::string>("missing", "fallback"), "fallback");
  EXPECT_EQ(body.optValue<std::string>("none", "fallback"), "fallback");
  EXPECT_EQ(body.get("tags").size(), 2u);
  EXPECT_EQ(body.get("tags").getElement<std::string>(1), "b");
  EXPECT_FALSE(body.get("tags").at(2).exists());
  EXPECT_EQ(body.get("at").getValue<std::int64_t>("x"), 1);
  ASSERT_EQ(body.size(), 7u);
  EXPECT_EQ(body.keyAt(0), "name");
  EXPECT_EQ(body.valueAt(6).getValue<std::int64_t>("x"), 1);
}

TEST(JsonDocument, ReadingTheWrongTypeThrows) {
  const JsonDocument document = parsed(R"({"n":1.5,"big":18446744073709551615,"s":"x"})");
  const JsonView body = document.root();
  EXPECT_THROW(body.getValue<std::int64_t>("n"), JsonTypeError);
  EXPECT_THROW(body.getValue<std::int64_t>("big"), JsonTypeError);  // past int64
  EXPECT_THROW(body.getValue<int>("missing"), JsonTypeError);
  EXPECT_THROW(body.getValue<bool>("s"), JsonTypeError);
  EXPECT_THROW(body.getValue<std::string>("n"), JsonTypeError);
}

TEST(JsonDocument, TheLastOfARepeatedNameCounts) {
  const JsonDocument document = parsed(R"({"a":1,"a":2})");
  EXPECT_EQ(document.root().getValue<std::int64_t>("a"), 2);
}

TEST(JsonDocument, KeepsNulCharactersInsideStrings) {
  const JsonDocument document = parsed(R"({"a\u0000b":"x\u0000y"})");
  EXPECT_EQ(document.root().keyAt(0), "a\0b"s);
  EXPECT_EQ(document.root().valueAt(0).as<std::string>(), "x\0y"s);
}

TEST(JsonDocument, RefusesWhatIsNotExactlyOneJsonValue) {
  for (const std::string& text :
       {""s, "{"s, "{} {}"s, "[1,]"s, R"({"a":})"s, "{}\0{}"s, "[\"\xC3\x28\"]"s, "nul"s}) {
    EXPECT_FALSE(JsonDocument::parse(text).has_value()) << text;
  }
}

TEST(JsonDocument, RefusesNestingPastItsDepthWithoutRecursing) {
  EXPECT_TRUE(JsonDocument::parse("[[[1]]]", 3).has_value());
  EXPECT_FALSE(JsonDocument::parse("[[[[1]]]]", 3).has_value());
  EXPECT_FALSE(JsonDocument::parse(std::string(1'000'000, '[')).has_value());
}

TEST(JsonDocument, WritesBackCompactInDocumentOrder) {
  const std::string text = R"({"z":[1,-2,18446744073709551615,0.5,"s\n",true,null],"a":{}})";
  EXPECT_EQ(toJson(parsed(" " + text + " ").root()), text);
  EXPECT_EQ(toJson(JsonView()), "null");
  JsonWriter json;
  const JsonDocument document = parsed(R"([1,{"k":"v"}])");
  json.beginObject().field("copy", document.root().at(1)).endObject();
  EXPECT_EQ(json.text(), R"({"copy":{"k":"v"}})");
}

TEST(JsonDocument, CanonicalJsonSortsMembersAndKeepsTheLastOfARepeatedName) {
  EXPECT_EQ(toCanonicalJson(parsed(R"({"b":[{"y":1,"x":2}],"a":0,"b":{"d":1,"c":2}})").root()),
            R"({"a":0,"b":{"c":2,"d":1}})");
  EXPECT_EQ(toCanonicalJson(parsed(R"([3,{"b":1,"a":2}])").root()), R"([3,{"a":2,"b":1}])");
}

TEST(JsonDocument, CanonicalHashesAgreeExactlyWhenTheCanonicalTextsDo) {
  const auto hash = [](std::string_view text) { return canonicalJsonHash(parsed(text).root()); };
  EXPECT_EQ(hash(R"({"a":1,"b":{"x":[1,"s"],"y":null}})"),
            hash(R"({"b":{"y":null,"x":[1,"s"]},"a":1})"));
  EXPECT_EQ(hash(R"({"a":1,"a":2})"), hash(R"({"a":2})"));
  // Values that would run together in a plain byte stream, or differ only in their kind.
  const std::vector<std::string> distinct = {
      R"(["ab","c"])", R"(["a","bc"])", R"({"ab":"c"})", R"({"a":"bc"})",
      R"([["a"],[]])", R"([[],["a"]])", R"([1])",        R"([1.0])",
      R"(["1"])",      R"([true])",     R"([false])",    R"([null])",
      R"([])",         R"({})",         R"([-1])",       R"([18446744073709551615])"};
  std::set<std::uint64_t> hashes;
  for (const auto& text : distinct)
    hashes.insert(hash(text));
  EXPECT_EQ(hashes.size(), distinct.size());
  EXPECT_EQ(canonicalJsonHash(JsonView()), canonicalJsonHash(JsonView()));
}

TEST(JsonDocument, ADocumentMovesWithItsViewsIntact) {
  JsonDocument first = parsed(R"({"a":"kept"})");
  const JsonView view = first.root().get("a");
  JsonDocument second = std::move(first);
  EXPECT_EQ(view.as<std::string>(), "kept");
  EXPECT_EQ(second.root().getValue<std::string>("a"), "kept");
}

}  // namespace
}  // namespace orchestra::text
