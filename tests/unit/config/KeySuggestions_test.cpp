#include "host/config/KeySuggestions.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string_view>

namespace orchestra::config {
namespace {

constexpr std::array<std::string_view, 4> kPaths = {"server.host", "server.port",
                                                    "server.cors.max_age_seconds", "log.level"};

TEST(KeySuggestions, SectionsAreKnownPathPrefixes) {
  EXPECT_TRUE(isSection(kPaths, "server"));
  EXPECT_TRUE(isSection(kPaths, "server.cors"));
  EXPECT_FALSE(isSection(kPaths, "server.port"));
  EXPECT_FALSE(isSection(kPaths, "serv"));
}

TEST(KeySuggestions, SuggestsAClosestSiblingOrTheRightSection) {
  EXPECT_EQ(unknownKeyProblem(kPaths, "server", "prot", ""),
            "unknown key (did you mean server.port?)");
  EXPECT_EQ(unknownKeyProblem(kPaths, "", "level", ""), "unknown key (did you mean log.level?)");
  EXPECT_EQ(unknownKeyProblem(kPaths, "server", "completely_different", ""), "unknown key");
  EXPECT_EQ(unknownKeyProblem(kPaths, "server", "hots", "entry[0]."),
            "unknown key (did you mean entry[0].server.host?)");
}

}  // namespace
}  // namespace orchestra::config
