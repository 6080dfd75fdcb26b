#include "host/config/ConfigLoader.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/unit/config/ConfigTestSupport.hpp"

namespace orchestra::config {
namespace {

using testing::load;
using testing::loadError;

std::filesystem::path shippedConfig() {
  return std::filesystem::path(ORCHESTRA_SOURCE_DIR) / "config" / "orchestra.yaml";
}

TEST(ConfigLoader, ShippedFileLoadsAsTheDefaults) {
  const Config config = loadConfigFile(shippedConfig(), Environment{});
  // The shipped file is the development set-up; the built-in default refuses to start without
  // a real secret.
  Config expected = defaultConfig();
  expected.auth.development_mode = true;
  // It also loads the in-tree plugins from wherever the README's commands build them.
  expected.plugins.search_paths = {"build/release/plugins", "build/debug/plugins", "plugins"};
  expected.plugins.load = {PluginLoadSpec{"libcore_nodes.so", "core", false, "", "{}"},
                           PluginLoadSpec{"libstorage_fs.so", "storage.fs", false, "", "{}"},
                           PluginLoadSpec{"libmcp_stdio.so", "mcp.stdio", false, "", "{}"},
                           PluginLoadSpec{"libmcp_http.so", "mcp.http", false, "", "{}"},
                           PluginLoadSpec{"libmcp_tools.so", "mcp.tools", false, "", "{}"}};
  EXPECT_EQ(config, expected);
  EXPECT_EQ(config.server.host, "127.0.0.1");
  EXPECT_EQ(config.server.port, 8000);
  EXPECT_EQ(config.database.url, "sqlite:///data/orchestra.db");
}

TEST(ConfigLoader, ShippedFileWritesEveryKey) {
  const YAML::Node root = YAML::LoadFile(shippedConfig().string());
  for (const KeyDescription& key : describeKeys()) {
    if (key.path.find("[]") != std::string::npos) continue;  // entries of an (empty) list
    YAML::Node node = root;
    std::string::size_type start = 0;
    while (node.IsDefined() && start <= key.path.size()) {
      const auto dot = key.path.find('.', start);
      // reset(), not =: assigning a yaml-cpp node overwrites the node it refers to.
      node.reset(node[key.path.substr(start, dot - start)]);
      start = dot == std::string::npos ? key.path.size() + 1 : dot + 1;
    }
    EXPECT_TRUE(node.IsDefined()) << key.path << " is missing from " << shippedConfig();
  }
}

TEST(ConfigLoader, EmptyOrCommentOnlyTextGivesTheDefaults) {
  EXPECT_EQ(load(""), defaultConfig());
  EXPECT_EQ(load("# nothing set\n"), defaultConfig());
  EXPECT_EQ(load("server:\n  # port: 1\n"), defaultConfig());
}

TEST(ConfigLoader, ReadsEveryKindOfValue) {
  const Config config = load(R"(
server:
  host: 0.0.0.0
  port: 9000
  keep_alive: false
  body_limit_bytes: 5000000000
  cors:
    allowed_origins: ["https://studio.example.com", "http://localhost:5173"]
    allow_credentials: true
database:
  url: postgresql://orchestra@db:5432/orchestra
  pool_min_sessions: 2
log:
  level: debug
)");
  EXPECT_EQ(config.server.host, "0.0.0.0");
  EXPECT_EQ(config.server.port, 9000);
  EXPECT_FALSE(config.server.keep_alive);
  EXPECT_EQ(config.server.body_limit_bytes, 5'000'000'000);
  EXPECT_EQ(config.server.cors.allowed_origins,
            (std::vector<std::string>{"https://studio.example.com", "http://localhost:5173"}));
  EXPECT_TRUE(config.server.cors.allow_credentials);
  EXPECT_EQ(config.database.url, "postgresql://orchestra@db:5432/orchestra");
  EXPECT_EQ(config.database.pool_min_sessions, 2);
  EXPECT_EQ(config.log.level, "debug");
  EXPECT_EQ(config.server.threads, ServerSettings{}.threads);  // untouched keys keep defaults
}

TEST(ConfigLoader, MissingFileIsAnError) {
  try {
    loadConfigFile("/nonexistent/orchestra.yaml", Environment{});
    FAIL() << "no ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_STREQ(error.what(), "/nonexistent/orchestra.yaml: configuration file not found");
  }
}

TEST(ConfigLoader, DirectoryIsNotAConfigFile) {
  EXPECT_THROW(loadConfigFile(std::filesystem::temp_directory_path(), Environment{}), ConfigError);
}

TEST(ConfigLoader, ErrorsFromAFileNameTheFileAndLine) {
  const auto file = std::filesystem::temp_directory_path() / "orchestra-config-loader-test.yaml";
  {
    std::ofstream stream(file);
    stream << "server:\n  host: localhost\n  port: 70000\n";
  }
  try {
    loadConfigFile(file, Environment{});
    ADD_FAILURE() << "no ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()),
              file.string() + ":3: server.port: must be between 0 and 65535, got 70000");
  }
  std::filesystem::remove(file);
}

TEST(ConfigLoader, InvalidYamlNamesTheLine) {
  const std::string error = loadError("server:\n  port: 8000\n  host: [unclosed\n");
  EXPECT_TRUE(error.starts_with("test.yaml:")) << error;
  EXPECT_NE(error.find("invalid YAML"), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;

  EXPECT_EQ(loadError("server:\n  port: 8000\n\tbad: tab\n").substr(0, 12), "test.yaml:3:");
}

TEST(ConfigLoader, TopLevelMustBeAMap) {
  EXPECT_EQ(loadError("- server\n- database\n"),
            "test.yaml:1: (top level): must be a map of sections (server, database, log, "
            "plugins), got a list");
  EXPECT_EQ(loadError("just text\n"),
            "test.yaml:1: (top level): must be a map of sections (server, database, log, "
            "plugins), got \"just text\"");
}

}  // namespace
}  // namespace orchestra::config
