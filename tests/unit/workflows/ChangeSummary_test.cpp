#include "host/workflows/ChangeSummary.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "host/workflows/WorkflowService.hpp"

namespace orchestra::workflows {
namespace {

Poco::JSON::Array::Ptr array(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Poco::JSON::Array::Ptr>();
}

TEST(ChangeSummary, CountsAddedRemovedAndChangedEntriesById) {
  const auto before = array(R"([{"id":"a","x":1},{"id":"b"},{"id":"c"}])");
  const auto after = array(R"([{"x":1,"id":"a"},{"id":"b","x":2},{"id":"d"},{"id":"e"}])");
  EXPECT_EQ(describeArrayChanges(*before, *after, "node"),
            "2 nodes added, 1 node removed, 1 node changed");
  EXPECT_EQ(describeArrayChanges(*before, *before, "node"), "");
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
