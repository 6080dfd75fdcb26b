// The `orchestra` command line as operators use it: version, config check, bad configuration
// and bad usage, each with its exit code and a one-line reason.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/HostProcess.hpp"

namespace orchestra::testing {
namespace {

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = makeTempDirectory("orchestra-cli"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string writeConfig(const std::string& name, const std::string& yaml) {
    const auto path = dir_ / name;
    std::ofstream(path) << yaml;
    return path.string();
  }

  std::filesystem::path dir_;
};

TEST_F(CliTest, VersionPrintsTheVersion) {
  const auto result = HostProcess::runToCompletion({"version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.output.rfind("orchestra ", 0), 0U) << result.output;
}

TEST_F(CliTest, ShippedConfigIsValid) {
  const auto result = HostProcess::runToCompletion({"config", "check", "config/orchestra.yaml"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("valid"), std::string::npos);
}

TEST_F(CliTest, ConfigCheckNamesTheUnknownKeyAndLine) {
  const auto path = writeConfig("bad.yaml", "server:\n  host: 127.0.0.1\n  prot: 8000\n");
  const auto result = HostProcess::runToCompletion({"config", "check", path});
  EXPECT_EQ(result.exit_code, 78);
  EXPECT_NE(result.output.find("bad.yaml:3"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("server.prot"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("server.port"), std::string::npos) << result.output;  // did you mean
}

TEST_F(CliTest, ConfigCheckNamesAnOutOfRangeValue) {
  const auto path = writeConfig("range.yaml", "server:\n  port: 70000\n");
  const auto result = HostProcess::runToCompletion({"config", "check", path});
  EXPECT_EQ(result.exit_code, 78);
  EXPECT_NE(result.output.find("server.port"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("70000"), std::string::npos) << result.output;
}

TEST_F(CliTest, ConfigCheckOfAMissingFileFails) {
  const auto result =
      HostProcess::runToCompletion({"config", "check", (dir_ / "absent.yaml").string()});
  EXPECT_EQ(result.exit_code, 78);
  EXPECT_NE(result.output.find("absent.yaml"), std::string::npos);
}

TEST_F(CliTest, ServeRefusesABadConfigWithOneLine) {
  const auto path = writeConfig("wrongtype.yaml", "database:\n  pool_max_sessions: lots\n");
  const auto result = HostProcess::runToCompletion({"serve", "--config", path});
  EXPECT_EQ(result.exit_code, 78);
  EXPECT_NE(result.output.find("database.pool_max_sessions"), std::string::npos) << result.output;
  EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
}

TEST_F(CliTest, EnvironmentOverrideWithWrongTypeNamesTheVariable) {
  const auto path = writeConfig("ok.yaml", "");
  const auto result =
      HostProcess::runToCompletion({"config", "check", path}, {{"ORCHESTRA_SERVER_PORT", "abc"}});
  EXPECT_EQ(result.exit_code, 78);
  EXPECT_NE(result.output.find("ORCHESTRA_SERVER_PORT"), std::string::npos) << result.output;
}

TEST_F(CliTest, UnknownCommandIsAUsageError) {
  const auto result = HostProcess::runToCompletion({"frobnicate"});
  EXPECT_EQ(result.exit_code, 64);
  EXPECT_NE(result.output.find("usage:"), std::string::npos);
  const auto no_command = HostProcess::runToCompletion({});
  EXPECT_EQ(no_command.exit_code, 64);
}

TEST_F(CliTest, ServeRefusesAPortInUse) {
  HostOptions options;
  options.config_yaml = "server:\n  port: 0\ndatabase:\n  url: sqlite:///" +
                        (dir_ / "first.db").string() +
                        "\nauth:\n  jwt_secret: integration-test-secret-0123456789abcdef\n";
  HostProcess first(options);
  const auto path = writeConfig("second.yaml", "server:\n  port: " + std::to_string(first.port()) +
                                                   "\ndatabase:\n  url: sqlite:///" +
                                                   (dir_ / "second.db").string() + "\n");
  const auto result =
      HostProcess::runToCompletion({"serve", "--config", path}, {}, std::chrono::seconds(15));
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("start-up failed"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace orchestra::testing
