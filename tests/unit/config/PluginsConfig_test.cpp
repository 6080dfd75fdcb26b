// plugins.load is a list of maps with its own keys, and an opaque `config` map kept as JSON text.
#include <gtest/gtest.h>

#include "host/config/ConfigLoader.hpp"
#include "tests/unit/config/ConfigTestSupport.hpp"

namespace orchestra::config {
namespace {

using testing::load;
using testing::loadError;

TEST(PluginsConfig, DefaultsSearchPluginsFolderAndLoadNothing) {
  const Config config = load("");
  EXPECT_EQ(config.plugins.search_paths, std::vector<std::string>{"plugins"});
  EXPECT_TRUE(config.plugins.load.empty());
}

TEST(PluginsConfig, LoadEntriesAreParsed) {
  const Config config = load(R"(
plugins:
  search_paths: [/opt/orchestra/plugins, plugins]
  load:
    - file: libcore_nodes.so
      expect_id: core
      required: true
      sha256: 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08
      config:
        api_key: ${OPENAI_KEY}
        timeout_ms: ${TIMEOUT_MS:-30000}
        quoted_number: "30"
        ratio: 0.25
        nested: {list: [1, two, true, null, ~], empty: {}}
        text: "line\nbreak \"quoted\""
    - file: libextra.so
)",
                             {{"OPENAI_KEY", "sk-test"}});
  ASSERT_EQ(config.plugins.load.size(), 2U);
  const PluginLoadSpec& core = config.plugins.load[0];
  EXPECT_EQ(core.file, "libcore_nodes.so");
  EXPECT_EQ(core.expect_id, "core");
  EXPECT_TRUE(core.required);
  EXPECT_EQ(core.sha256, "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08");
  EXPECT_EQ(core.config_json,
            R"({"api_key":"sk-test","timeout_ms":30000,"quoted_number":"30","ratio":0.25,)"
            R"("nested":{"list":[1,"two",true,null,null],"empty":{}},)"
            R"("text":"line\nbreak \"quoted\""})");

  const PluginLoadSpec& extra = config.plugins.load[1];
  PluginLoadSpec expected_extra;
  expected_extra.file = "libextra.so";
  EXPECT_EQ(extra, expected_extra);
  EXPECT_EQ(extra.config_json, "{}");
  EXPECT_EQ(config.plugins.search_paths,
            (std::vector<std::string>{"/opt/orchestra/plugins", "plugins"}));
}

TEST(PluginsConfig, UnknownKeyInAnEntryNamesTheEntry) {
  EXPECT_EQ(loadError("plugins:\n  load:\n    - fle: libcore_nodes.so\n"),
            "test.yaml:3: plugins.load[0].fle: unknown key (did you mean plugins.load[0].file?)");
}

TEST(PluginsConfig, FileIsRequired) {
  EXPECT_EQ(loadError("plugins:\n  load:\n    - file: a.so\n    - required: true\n"),
            "test.yaml:4: plugins.load[1].file: is required");
  EXPECT_EQ(loadError("plugins:\n  load:\n    - file: \"\"\n"),
            "test.yaml:3: plugins.load[0].file: must not be empty");
}

TEST(PluginsConfig, EntryMustBeAMap) {
  EXPECT_EQ(loadError("plugins:\n  load:\n    - libcore_nodes.so\n"),
            "test.yaml:3: plugins.load[0]: must be a map, got \"libcore_nodes.so\"");
  EXPECT_EQ(loadError("plugins:\n  load: libcore_nodes.so\n"),
            "test.yaml:2: plugins.load: must be a list of maps, got \"libcore_nodes.so\"");
}

TEST(PluginsConfig, EntryValuesAreTyped) {
  EXPECT_EQ(loadError("plugins:\n  load:\n    - file: a.so\n      required: sometimes\n"),
            "test.yaml:4: plugins.load[0].required: must be true or false, got \"sometimes\"");
  EXPECT_EQ(loadError("plugins:\n  load:\n    - file: a.so\n      config: [1, 2]\n"),
            "test.yaml:4: plugins.load[0].config: must be a map, got a list");
  EXPECT_EQ(loadError("plugins:\n  load:\n    - file: a.so\n      sha256: abc\n"),
            "test.yaml:4: plugins.load[0].sha256: must be 64 hexadecimal digits");
}

TEST(PluginsConfig, InterpolationInsideConfigNamesThePath) {
  EXPECT_EQ(loadError("plugins:\n  load:\n    - file: a.so\n      config:\n"
                      "        auth: {token: \"${PLUGIN_TOKEN}\"}\n"),
            "test.yaml:5: plugins.load[0].config.auth.token: environment variable PLUGIN_TOKEN is "
            "not set (use ${PLUGIN_TOKEN:-default} to give a default)");
}

}  // namespace
}  // namespace orchestra::config
