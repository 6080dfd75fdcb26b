#include "host/config/Interpolation.hpp"

#include <gtest/gtest.h>

#include "host/config/ConfigError.hpp"
#include "tests/unit/config/ConfigTestSupport.hpp"

namespace orchestra::config {
namespace {

const ValueOrigin kOrigin{"test.yaml:1", "server.host", false};

std::string expand(std::string_view text, const Environment& environment = {}) {
  return interpolate(text, environment, kOrigin);
}

TEST(Interpolation, ReplacesVariables) {
  const Environment environment{{"HOST", "db.internal"}, {"PORT", "5432"}};
  EXPECT_EQ(expand("postgresql://${HOST}:${PORT}/x", environment),
            "postgresql://db.internal:5432/x");
  EXPECT_EQ(expand("no references", environment), "no references");
}

TEST(Interpolation, DefaultAppliesWhenUnsetOrEmpty) {
  EXPECT_EQ(expand("${PORT:-8080}"), "8080");
  EXPECT_EQ(expand("${PORT:-8080}", {{"PORT", "9000"}}), "9000");
  EXPECT_EQ(expand("${PORT:-8080}", {{"PORT", ""}}), "8080");
  EXPECT_EQ(expand("${EMPTY_DEFAULT:-}"), "");
  EXPECT_EQ(expand("${URL:-sqlite:///data/a.db}"), "sqlite:///data/a.db");
}

TEST(Interpolation, SetButEmptyWithoutDefaultIsEmpty) {
  EXPECT_EQ(expand("a${X}b", {{"X", ""}}), "ab");
}

TEST(Interpolation, DoubleDollarIsALiteral) {
  EXPECT_EQ(expand("$${HOME}", {{"HOME", "/root"}}), "${HOME}");
  EXPECT_EQ(expand("cost: $5 and $$"), "cost: $5 and $$");
  EXPECT_EQ(expand("$${A}${A}", {{"A", "x"}}), "${A}x");
}

TEST(Interpolation, UnsetVariableNamesTheKey) {
  try {
    expand("${MISSING}");
    FAIL() << "no ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_STREQ(error.what(),
                 "test.yaml:1: server.host: environment variable MISSING is not set (use "
                 "${MISSING:-default} to give a default)");
  }
}

TEST(Interpolation, MalformedReferencesAreErrors) {
  EXPECT_THROW(expand("${UNCLOSED"), ConfigError);
  EXPECT_THROW(expand("${}"), ConfigError);
  EXPECT_THROW(expand("${1ABC}"), ConfigError);
  EXPECT_THROW(expand("${A B}"), ConfigError);
}

TEST(Interpolation, HappensBeforeTypeConversion) {
  const Config config = testing::load(
      "server:\n  port: ${PORT}\n  keep_alive: ${KEEP_ALIVE:-false}\n"
      "  cors:\n    allowed_origins: [\"${ORIGIN}\"]\n",
      {{"PORT", "9001"}, {"ORIGIN", "https://studio.example.com"}});
  EXPECT_EQ(config.server.port, 9001);
  EXPECT_FALSE(config.server.keep_alive);
  EXPECT_EQ(config.server.cors.allowed_origins,
            std::vector<std::string>{"https://studio.example.com"});
}

TEST(Interpolation, ConvertedValueIsStillChecked) {
  EXPECT_EQ(testing::loadError("server:\n  port: ${PORT}\n", {{"PORT", "http"}}),
            "test.yaml:2: server.port: must be an integer, got \"http\"");
}

}  // namespace
}  // namespace orchestra::config
