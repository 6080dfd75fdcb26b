#include "host/config/ConfigKeys.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

namespace orchestra::config {
namespace {

const KeyDescription& keyAt(std::string_view path) {
  const auto keys = describeKeys();
  const auto found = std::find_if(keys.begin(), keys.end(),
                                  [&](const KeyDescription& key) { return key.path == path; });
  if (found == keys.end()) throw std::out_of_range(std::string(path));
  return *found;
}

TEST(ConfigKeys, DescribeTypeLimitsDefaultAndVariable) {
  const KeyDescription& port = keyAt("server.port");
  EXPECT_EQ(port.type, KeyType::kInteger);
  EXPECT_EQ(port.minimum, 0);
  EXPECT_EQ(port.maximum, 65535);
  EXPECT_EQ(port.default_yaml, "8000");
  EXPECT_EQ(port.environment_variable, "ORCHESTRA_SERVER_PORT");
  EXPECT_FALSE(port.description.empty());

  EXPECT_EQ(keyAt("server.body_limit_bytes").minimum, 1024);
  EXPECT_EQ(keyAt("server.cors.allowed_origins").environment_variable,
            "ORCHESTRA_SERVER_CORS_ALLOWED_ORIGINS");
  EXPECT_EQ(keyAt("plugins.search_paths").default_yaml, "[\"plugins\"]");
  EXPECT_EQ(keyAt("log.level").choices.size(), 6U);
  EXPECT_EQ(keyAt("log.level").default_yaml, "\"info\"");
}

TEST(ConfigKeys, DatabaseUrlIsSecretBecauseItMayHoldAPassword) {
  const KeyDescription& url = keyAt("database.url");
  EXPECT_TRUE(url.secret);
  EXPECT_EQ(url.default_yaml, "\"sqlite:///data/orchestra.db\"");
  EXPECT_EQ(url.environment_variable, "ORCHESTRA_DATABASE_URL");
}

TEST(ConfigKeys, MetricsTokenIsSecretAndUnsetByDefault) {
  const KeyDescription& token = keyAt("observability.metrics_token");
  EXPECT_TRUE(token.secret);
  EXPECT_EQ(token.default_yaml, "\"\"");
  EXPECT_EQ(token.environment_variable, "ORCHESTRA_OBSERVABILITY_METRICS_TOKEN");
  EXPECT_EQ(keyAt("server.json.max_values").environment_variable,
            "ORCHESTRA_SERVER_JSON_MAX_VALUES");
}

TEST(ConfigKeys, ObjectListEntriesAreDescribed) {
  EXPECT_EQ(keyAt("plugins.load").type, KeyType::kObjectList);
  EXPECT_TRUE(keyAt("plugins.load").environment_variable.empty());
  const KeyDescription& file = keyAt("plugins.load[].file");
  EXPECT_TRUE(file.required);
  EXPECT_TRUE(file.environment_variable.empty());
  EXPECT_EQ(keyAt("plugins.load[].config").type, KeyType::kJsonObject);
  EXPECT_EQ(keyAt("plugins.load[].config").default_yaml, "{}");
  EXPECT_EQ(keyAt("plugins.load[].required").default_yaml, "false");
}

TEST(ConfigKeys, EveryKeyIsDocumentedOnceAndOverridable) {
  std::set<std::string> paths;
  for (const KeyDescription& key : describeKeys()) {
    EXPECT_TRUE(paths.insert(key.path).second) << key.path << " is described twice";
    EXPECT_FALSE(key.description.empty()) << key.path;
    EXPECT_EQ(key.description.find('\n'), std::string::npos) << key.path;
    const bool overridable = key.path.find("[]") == std::string::npos &&
                             key.type != KeyType::kObjectList && key.type != KeyType::kJsonObject;
    EXPECT_EQ(!key.environment_variable.empty(), overridable) << key.path;
    EXPECT_EQ(key.default_yaml.empty(), key.required) << key.path;
  }
}

}  // namespace
}  // namespace orchestra::config
