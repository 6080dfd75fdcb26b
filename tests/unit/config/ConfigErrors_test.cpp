// Every way a configuration can be wrong stops start-up with one line naming the key.
#include <gtest/gtest.h>

#include <string>

#include "host/config/ConfigLoader.hpp"
#include "tests/unit/config/ConfigTestSupport.hpp"

namespace orchestra::config {
namespace {

using testing::loadError;

TEST(ConfigErrors, UnknownTopLevelKey) {
  EXPECT_EQ(loadError("serve:\n  port: 8000\n"),
            "test.yaml:1: serve: unknown key (did you mean server?)");
  EXPECT_EQ(loadError("telemetry: true\n"), "test.yaml:1: telemetry: unknown key");
}

TEST(ConfigErrors, UnknownNestedKey) {
  EXPECT_EQ(loadError("server:\n  host: 127.0.0.1\n  prot: 8000\n"),
            "test.yaml:3: server.prot: unknown key (did you mean server.port?)");
  EXPECT_EQ(loadError("server:\n  cors:\n    allow_credential: true\n"),
            "test.yaml:3: server.cors.allow_credential: unknown key (did you mean "
            "server.cors.allow_credentials?)");
}

TEST(ConfigErrors, KeyInTheWrongSectionSuggestsWhereItBelongs) {
  EXPECT_EQ(loadError("port: 8000\n"),
            "test.yaml:1: port: unknown key (did you mean server.port?)");
}

TEST(ConfigErrors, KeySetTwice) {
  EXPECT_EQ(loadError("server:\n  port: 1\n  port: 2\n"), "test.yaml:3: server.port: is set twice");
}

TEST(ConfigErrors, SectionThatIsNotAMap) {
  EXPECT_EQ(loadError("server: 8000\n"),
            "test.yaml:1: server: must be a map of keys, got \"8000\"");
}

TEST(ConfigErrors, StringWhereAnIntegerBelongs) {
  EXPECT_EQ(loadError("server:\n  port: abc\n"),
            "test.yaml:2: server.port: must be an integer, got \"abc\"");
  EXPECT_EQ(loadError("server:\n  port: 80.5\n"),
            "test.yaml:2: server.port: must be an integer, got \"80.5\"");
  EXPECT_EQ(loadError("server:\n  port: [1]\n"),
            "test.yaml:2: server.port: must be an integer, got a list");
}

TEST(ConfigErrors, NotABoolean) {
  EXPECT_EQ(loadError("server:\n  keep_alive: maybe\n"),
            "test.yaml:2: server.keep_alive: must be true or false, got \"maybe\"");
}

TEST(ConfigErrors, OutOfRange) {
  EXPECT_EQ(loadError("server:\n  port: 70000\n"),
            "test.yaml:2: server.port: must be between 0 and 65535, got 70000");
  EXPECT_EQ(loadError("server:\n  port: -1\n"),
            "test.yaml:2: server.port: must be between 0 and 65535, got -1");
  EXPECT_EQ(loadError("server:\n  threads: 99999999999999999999\n"),
            "test.yaml:2: server.threads: must be between 1 and 4096, got "
            "\"99999999999999999999\"");
}

// A deeper limit than 64 would let a body exhaust a worker's stack in the recursive parser.
TEST(ConfigErrors, JsonBodyLimitsStayWhereTheyAreSafe) {
  EXPECT_EQ(loadError("server:\n  json:\n    max_depth: 65\n"),
            "test.yaml:3: server.json.max_depth: must be between 1 and 64, got 65");
  EXPECT_EQ(loadError("server:\n  json:\n    max_values: 1\n"),
            "test.yaml:3: server.json.max_values: must be at least 16, got 1");
  EXPECT_EQ(loadError("server:\n  json:\n    in_flight_budget_bytes: -1\n"),
            "test.yaml:3: server.json.in_flight_budget_bytes: must be at least 0, got -1");
}

TEST(ConfigErrors, BodyLimitBelowOneKibibyte) {
  EXPECT_EQ(loadError("server:\n  body_limit_bytes: 100\n"),
            "test.yaml:2: server.body_limit_bytes: must be at least 1024, got 100");
}

TEST(ConfigErrors, NotOneOfTheChoices) {
  EXPECT_EQ(loadError("log:\n  level: verbose\n"),
            "test.yaml:2: log.level: must be one of trace, debug, info, warning, error, "
            "critical, got \"verbose\"");
}

TEST(ConfigErrors, ListOfNonStrings) {
  EXPECT_EQ(loadError("server:\n  cors:\n    allowed_origins:\n      - https://a.example\n"
                      "      - {origin: https://b.example}\n"),
            "test.yaml:5: server.cors.allowed_origins[1]: must be a string, got a map");
  EXPECT_EQ(loadError("server:\n  cors:\n    allowed_origins: https://a.example\n"),
            "test.yaml:3: server.cors.allowed_origins: must be a list of strings, got "
            "\"https://a.example\"");
}

TEST(ConfigErrors, EmptyValueForAString) {
  EXPECT_EQ(loadError("server:\n  host:\n"),
            "test.yaml:2: server.host: must be a string, got nothing (write \"\" for an empty "
            "string)");
}

TEST(ConfigErrors, MissingEnvironmentVariable) {
  EXPECT_EQ(loadError("server:\n  host: ${ORCHESTRA_TEST_HOST}\n"),
            "test.yaml:2: server.host: environment variable ORCHESTRA_TEST_HOST is not set (use "
            "${ORCHESTRA_TEST_HOST:-default} to give a default)");
}

TEST(ConfigErrors, EnvironmentOverrideOfTheWrongType) {
  EXPECT_EQ(loadError("", {{"ORCHESTRA_SERVER_PORT", "abc"}}),
            "ORCHESTRA_SERVER_PORT: server.port: must be an integer, got \"abc\"");
  EXPECT_EQ(loadError("", {{"ORCHESTRA_LOG_LEVEL", "loud"}}),
            "ORCHESTRA_LOG_LEVEL: log.level: must be one of trace, debug, info, warning, error, "
            "critical, got \"loud\"");
}

TEST(ConfigErrors, CorsWildcardWithCredentials) {
  EXPECT_EQ(loadError("server:\n  cors:\n    allowed_origins: [\"*\"]\n"
                      "    allow_credentials: true\n"),
            "test.yaml:4: server.cors.allow_credentials: cannot be true while "
            "server.cors.allowed_origins contains \"*\"");
}

TEST(ConfigErrors, PoolMinimumAboveMaximum) {
  EXPECT_EQ(loadError("database:\n  pool_min_sessions: 8\n  pool_max_sessions: 4\n"),
            "test.yaml:2: database.pool_min_sessions: must not exceed database.pool_max_sessions "
            "(4), got 8");
}

TEST(ConfigErrors, RedisBusWithoutRedisUrl) {
  EXPECT_EQ(loadError("bus:\n  backend: redis\n"),
            "test.yaml:2: bus.backend: is redis but redis.url is empty");
  EXPECT_EQ(loadError("bus:\n  backend: kafka\n"),
            "test.yaml:2: bus.backend: must be one of auto, in_process, redis, got \"kafka\"");
}

TEST(ConfigErrors, DatabaseUrlScheme) {
  EXPECT_EQ(loadError("database:\n  url: mysql://db/orchestra\n"),
            "test.yaml:2: database.url: must start with sqlite://, postgresql:// or postgres://");
  EXPECT_EQ(loadError("database:\n  url: \"sqlite:///\"\n"),
            "test.yaml:2: database.url: names no database file (sqlite:///data/orchestra.db)");
}

TEST(ConfigErrors, SpawnRulesSayWhichProgramRuns) {
  EXPECT_EQ(loadError("spawn:\n  allowed_commands: [node, bin/tool]\n"),
            "test.yaml:2: spawn.allowed_commands: each entry is a program name or an absolute "
            "path, got \"bin/tool\"");
  EXPECT_EQ(loadError("spawn:\n  env_allow: [PATH, \"A=B\"]\n"),
            "test.yaml:2: spawn.env_allow: each entry is an environment variable name, got "
            "\"A=B\"");
  EXPECT_EQ(loadError("spawn:\n  working_directory: data\n"),
            "test.yaml:2: spawn.working_directory: must be an absolute path");
  EXPECT_EQ(loadError("spawn:\n  limits:\n    open_files: -1\n"),
            "test.yaml:3: spawn.limits.open_files: must be between 0 and 1048576, got -1");
}

TEST(ConfigErrors, SecretValuesAreNeverEchoed) {
  const std::string from_file = loadError("database:\n  url: mysql://root:hunter2@db/x\n");
  EXPECT_EQ(from_file.find("hunter2"), std::string::npos) << from_file;

  const std::string from_environment =
      loadError("", {{"ORCHESTRA_DATABASE_URL", "mysql://root:hunter2@db/x"}});
  EXPECT_EQ(from_environment,
            "ORCHESTRA_DATABASE_URL: database.url: must start with sqlite://, postgresql:// or "
            "postgres://");
}

TEST(ConfigErrors, ErrorsAreOneLine) {
  const std::string error = loadError("log:\n  level: \"very\\nloud\"\n");
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  EXPECT_NE(error.find("\"very\\nloud\""), std::string::npos) << error;
}

}  // namespace
}  // namespace orchestra::config
