#include "host/workflows/ChangeSummary.hpp"

#include <gtest/gtest.h>

#include "host/workflows/WorkflowService.hpp"

namespace orchestra::workflows {
namespace {

text::JsonDocument array(const std::string& json) {
  auto parsed = text::JsonDocument::parse(json);
  EXPECT_TRUE(parsed.has_value()) << json;
  return parsed ? std::move(*parsed) : text::JsonDocument();
}

TEST(ChangeSummary, CountsAddedRemovedAndChangedEntriesById) {
  const auto before = array(R"([{"id":"a","x":1},{"id":"b"},{"id":"c"}])");
  const auto after = array(R"([{"x":1,"id":"a"},{"id":"b","x":2},{"id":"d"},{"id":"e"}])");
  EXPECT_EQ(describeArrayChanges(before.root(), after.root(), "node"),
            "2 nodes added, 1 node removed, 1 node changed");
  EXPECT_EQ(describeArrayChanges(before.root(), before.root(), "node"), "");
  EXPECT_EQ(joinChanges({"renamed", "", "1 node added"}), "renamed, 1 node added");
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
