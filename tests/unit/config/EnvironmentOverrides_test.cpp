#include "host/config/EnvironmentOverrides.hpp"

#include <gtest/gtest.h>

#include "tests/unit/config/ConfigTestSupport.hpp"

namespace orchestra::config {
namespace {

using testing::load;
using testing::loadError;

TEST(EnvironmentOverrides, String) {
  const Config config = load("", {{"ORCHESTRA_DATABASE_URL", "postgresql://u:p@db/orchestra"}});
  EXPECT_EQ(config.database.url, "postgresql://u:p@db/orchestra");
}

TEST(EnvironmentOverrides, Integer) {
  EXPECT_EQ(load("", {{"ORCHESTRA_SERVER_PORT", "9000"}}).server.port, 9000);
  EXPECT_EQ(load("", {{"ORCHESTRA_SERVER_BODY_LIMIT_BYTES", "2048"}}).server.body_limit_bytes,
            2048);
}

TEST(EnvironmentOverrides, Boolean) {
  EXPECT_FALSE(load("", {{"ORCHESTRA_SERVER_KEEP_ALIVE", "false"}}).server.keep_alive);
  EXPECT_FALSE(load("", {{"ORCHESTRA_LOG_ACCESS_LOG", "0"}}).log.access_log);
  EXPECT_TRUE(
      load("", {{"ORCHESTRA_SERVER_CORS_ALLOW_CREDENTIALS", "yes"}}).server.cors.allow_credentials);
}

TEST(EnvironmentOverrides, ListIsCommaSeparated) {
  const Config config = load(
      "", {{"ORCHESTRA_SERVER_CORS_ALLOWED_ORIGINS", "https://a.example, https://b.example,"}});
  EXPECT_EQ(config.server.cors.allowed_origins,
            (std::vector<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_TRUE(load("", {{"ORCHESTRA_PLUGINS_SEARCH_PATHS", ""}}).plugins.search_paths.empty());
}

TEST(EnvironmentOverrides, Enumeration) {
  EXPECT_EQ(load("", {{"ORCHESTRA_LOG_LEVEL", "debug"}}).log.level, "debug");
}

TEST(EnvironmentOverrides, WinOverTheFile) {
  const Config config =
      load("server:\n  port: 7000\nlog:\n  level: error\n", {{"ORCHESTRA_SERVER_PORT", "7001"}});
  EXPECT_EQ(config.server.port, 7001);
  EXPECT_EQ(config.log.level, "error");
}

TEST(EnvironmentOverrides, ValuesAreTakenLiterally) {
  EXPECT_EQ(load("", {{"ORCHESTRA_SERVER_HOST", "${NOT_EXPANDED}"}}).server.host,
            "${NOT_EXPANDED}");
}

TEST(EnvironmentOverrides, CrossKeyErrorPointsAtWhereEachKeyWasSet) {
  EXPECT_EQ(loadError("server:\n  cors:\n    allow_credentials: true\n",
                      {{"ORCHESTRA_SERVER_CORS_ALLOWED_ORIGINS", "*"}}),
            "test.yaml:3: server.cors.allow_credentials: cannot be true while "
            "server.cors.allowed_origins contains \"*\"");
  EXPECT_EQ(loadError("", {{"ORCHESTRA_DATABASE_POOL_MIN_SESSIONS", "20"}}),
            "ORCHESTRA_DATABASE_POOL_MIN_SESSIONS: database.pool_min_sessions: must not exceed "
            "database.pool_max_sessions (16), got 20");
}

TEST(EnvironmentOverrides, OutOfRangeFromTheEnvironment) {
  EXPECT_EQ(loadError("", {{"ORCHESTRA_SERVER_PORT", "70000"}}),
            "ORCHESTRA_SERVER_PORT: server.port: must be between 0 and 65535, got 70000");
}

TEST(Environment, FromProcessSeesTheProcessEnvironment) {
  const Environment environment = Environment::fromProcess();
  EXPECT_TRUE(environment.get("PATH").has_value());
  EXPECT_FALSE(environment.get("ORCHESTRA_SURELY_NOT_SET_4711").has_value());
}

}  // namespace
}  // namespace orchestra::config
