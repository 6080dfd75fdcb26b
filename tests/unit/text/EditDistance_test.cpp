#include "host/text/EditDistance.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace orchestra::text {
namespace {

TEST(EditDistance, CountsSwapsAsOneEdit) {
  EXPECT_EQ(editDistance("port", "port"), 0U);
  EXPECT_EQ(editDistance("prot", "port"), 1U);
  EXPECT_EQ(editDistance("fle", "file"), 1U);
  EXPECT_EQ(editDistance("", "abc"), 3U);
  EXPECT_EQ(editDistance("kitten", "sitting"), 3U);
}

TEST(EditDistance, SuggestsOnlyNamesWithinAThirdOfTheLength) {
  const std::vector<std::string> types = {"core.http_request", "core.if", "core.set",
                                          "core.switch"};
  EXPECT_EQ(closestMatch("core.http_requst", types), "core.http_request");
  EXPECT_EQ(closestMatch("core.iff", types), "core.if");
  EXPECT_EQ(closestMatch("acme.crm", types), std::nullopt);
  EXPECT_EQ(closestMatch(std::string(1000, 'x'), types), std::nullopt);
}

TEST(EditDistance, ListsCloseMatchesClosestFirst) {
  const std::vector<std::string> names = {"core.sets", "core.set", "core.get", "core.merge"};
  EXPECT_EQ(closestMatches("core.set", names, 5),
            (std::vector<std::string>{"core.set", "core.sets", "core.get"}));
  EXPECT_EQ(closestMatches("core.set", names, 1), (std::vector<std::string>{"core.set"}));
}

}  // namespace
}  // namespace orchestra::text
