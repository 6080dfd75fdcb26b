#include "host/workflows/ChangeSummary.hpp"

#include <gtest/gtest.h>

#include "host/workflows/WorkflowService.hpp"

namespace orchestra::workflows {
namespace {

EntryFingerprints entries(const std::string& json) {
  auto parsed = text::JsonDocument::parse(json);
  EXPECT_TRUE(parsed.has_value()) << json;
  return parsed ? fingerprintEntries(parsed->root()) : EntryFingerprints();
}

TEST(ChangeSummary, CountsAddedRemovedAndChangedEntriesById) {
  const auto before = entries(R"([{"id":"a","x":1},{"id":"b"},{"id":"c"},{"id":"f","y":[1,2]}])");
  const auto after =
      entries(R"([{"x":1,"id":"a"},{"id":"b","x":2},{"id":"d"},{"id":"e"},{"y":[1,2],"id":"f"}])");
  EXPECT_EQ(describeArrayChanges(before, after, "node"),
            "2 nodes added, 1 node removed, 1 node changed");
  EXPECT_EQ(describeArrayChanges(before, before, "node"), "");
  // Entries without an id, or that are not objects, are not compared; a number id is its text.
  const auto odd = entries(R"([{"x":1},5,{"id":7}])");
  EXPECT_EQ(odd.size(), 1U);
  EXPECT_EQ(odd.count("7"), 1U);
  EXPECT_EQ(joinChanges({"renamed", "", "1 node added"}), "renamed, 1 node added");
}

TEST(ChangeSummary, DescribesAVersionAgainstTheDigestOfTheOneBefore) {
  store::WorkflowContent before;
  before.name = "Sync";
  before.nodes = R"([{"id":"a","data":{"x":1,"y":2}}])";
  before.settings = R"({"timeout_ms":5,"retry":{"a":1,"b":2}})";
  store::WorkflowContent after = before;
  after.nodes = R"([{"data":{"y":2,"x":1},"id":"a"}])";
  after.settings = R"({"retry":{"b":2,"a":1},"timeout_ms":5})";
  EXPECT_EQ(describeChanges(digestOf(before), digestOf(after)), "no changes");
  after.name = "Sync 2";
  after.connections = R"([{"id":"c","source":"a","target":"a"}])";
  after.settings = R"({"timeout_ms":6})";
  after.tags = {"ops"};
  EXPECT_EQ(describeChanges(digestOf(before), digestOf(after)),
            "renamed, 1 connection added, settings changed, tags changed");
  // Text that does not parse reads as empty, as {} for settings.
  before.settings = "not json";
  after.settings = "{}";
  after.name = before.name;
  after.connections = before.connections;
  after.tags = before.tags;
  EXPECT_EQ(describeChanges(digestOf(before), digestOf(after)), "no changes");
}

TEST(SearchWords, KeepsWordCharactersLowerCasedAndBounded) {
  EXPECT_EQ(searchWords("Invoice-Sync  2024!"),
            (std::vector<std::string>{"invoice", "sync", "2024"}));
  EXPECT_EQ(searchWords("\"*)(:& |"), std::vector<std::string>{});
  EXPECT_EQ(searchWords("caf\xc3\xa9"), std::vector<std::string>{"caf\xc3\xa9"});
  EXPECT_EQ(searchWords("a b c d e f g h i j").size(), 8U);
}

}  // namespace
}  // namespace orchestra::workflows
