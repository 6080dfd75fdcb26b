// The real binary loading plugins from plugins.load: good ones appear in /api/v1/node-types,
// every broken fixture is refused with its exact reason while the host keeps serving, and a
// refused required plugin stops start-up.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <orchestra/abi.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "host/text/Sha256.hpp"
#include "tests/integration/HostFixture.hpp"

namespace orchestra::testing {
namespace {

std::string fixture(const std::string& name) {
  return std::string(ORCHESTRA_FIXTURE_PLUGIN_DIR) + "/lib" + name + ".so";
}

std::string loadEntry(const std::string& file, const std::string& extra = "") {
  return "    - file: \"" + file + "\"\n" + extra;
}

// One host for the whole suite: every fixture in plugins.load, all optional.
class PluginLoadingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_dir_ = new std::filesystem::path(makeTempDirectory("orchestra-plugins"));
    const std::string good = fixture("fixture_good");
    HostOptions options;
    options.config_yaml =
        sqliteHostConfig() + "plugins:\n  load:\n" +
        loadEntry(good, "      expect_id: fixture.good\n      sha256: " +
                            *text::sha256HexOfFile(good) + "\n      config: {greeting: hello}\n") +
        loadEntry(fixture("fixture_not_a_plugin")) + loadEntry(fixture("fixture_wrong_major")) +
        loadEntry(fixture("fixture_newer_minor")) + loadEntry(fixture("fixture_small_struct")) +
        loadEntry(fixture("fixture_init_fails")) + loadEntry(fixture("fixture_duplicate")) +
        loadEntry(fixture("fixture_misbehaving"), "      expect_id: someone.else\n") +
        loadEntry(good, "      sha256: " + std::string(64, 'a') + "\n") +
        loadEntry(fixture("fixture_missing_file")) +
        loadEntry(fixture("fixture_misbehaving"), "      config: {greeting: 5}\n");
    options.environment["ORCHESTRA_TEST_SQLITE_URL"] =
        "sqlite:///" + (*data_dir_ / "orchestra.db").string();
    options.environment["ORCHESTRA_TEST_JWT_SECRET"] = "integration-test-secret-0123456789abcdef";
    options.environment["ORCHESTRA_TEST_OUTBOX_DIR"] = (*data_dir_ / "outbox").string();
    host_ = new HostProcess(options);
    token_ = new std::string(accessTokenAt(client(), *data_dir_ / "outbox", "ops@example.com"));
  }
  static void TearDownTestSuite() {
    delete token_;
    token_ = nullptr;
    delete host_;
    host_ = nullptr;
    std::filesystem::remove_all(*data_dir_);
    delete data_dir_;
  }

  static HttpTestClient client() { return HttpTestClient(host_->port()); }
  static HttpResult signedInGet(const std::string& path) {
    return client().request("GET", path, "", {{"Authorization", "Bearer " + *token_}});
  }

  // The state of the index-th plugins.load entry: "loaded" or its refusal reason. The API says
  // only loaded or failed; the reason is in the log (the index-th "plugin loaded/refused" line).
  static std::string stateOf(unsigned index) {
    const auto result = signedInGet("/api/v1/plugins");
    EXPECT_EQ(result.status, 200);
    const auto items = result.json()->getArray("items");
    EXPECT_EQ(items->size(), 11U);
    if (index >= items->size()) return "no such entry";
    const auto item = items->getObject(index);
    const auto state = item->getValue<std::string>("state");
    std::vector<Poco::JSON::Object::Ptr> outcomes;
    for (const auto& line : host_->outputLines()) {
      if (line.find(R"("message":"plugin loaded")") == std::string::npos &&
          line.find(R"("message":"plugin refused")") == std::string::npos) {
        continue;
      }
      Poco::JSON::Parser parser;
      outcomes.push_back(parser.parse(line).extract<Poco::JSON::Object::Ptr>());
    }
    EXPECT_EQ(outcomes.size(), 11U);
    if (index >= outcomes.size()) return "no log line";
    const bool logged_loaded = !outcomes[index]->has("reason");
    EXPECT_EQ(state, logged_loaded ? "loaded" : "failed");
    return logged_loaded ? "loaded" : outcomes[index]->getValue<std::string>("reason");
  }

  static HostProcess* host_;
  static std::filesystem::path* data_dir_;
  static std::string* token_;
};
HostProcess* PluginLoadingTest::host_ = nullptr;
std::filesystem::path* PluginLoadingTest::data_dir_ = nullptr;
std::string* PluginLoadingTest::token_ = nullptr;

TEST_F(PluginLoadingTest, TheListsNeedASignedInUserAndShowNoPathOrHash) {
  EXPECT_EQ(client().get("/api/v1/plugins").status, 401);
  EXPECT_EQ(client().get("/api/v1/node-types").status, 401);
  const auto plugins = signedInGet("/api/v1/plugins");
  ASSERT_EQ(plugins.status, 200);
  // The fixtures' folder, the good plugin's SHA-256 and the wrong one configured for entry 9.
  EXPECT_EQ(plugins.body.find(ORCHESTRA_FIXTURE_PLUGIN_DIR), std::string::npos) << plugins.body;
  EXPECT_EQ(plugins.body.find(*text::sha256HexOfFile(fixture("fixture_good"))), std::string::npos);
  EXPECT_EQ(plugins.body.find(std::string(64, 'a')), std::string::npos);
  EXPECT_EQ(plugins.body.find("\"file\""), std::string::npos);
  const auto node_types = signedInGet("/api/v1/node-types");
  ASSERT_EQ(node_types.status, 200);
  EXPECT_EQ(node_types.body.find(ORCHESTRA_FIXTURE_PLUGIN_DIR), std::string::npos);
}

TEST_F(PluginLoadingTest, GoodPluginWithMatchingIdAndSha256Loads) {
  EXPECT_EQ(stateOf(0), "loaded");
}

TEST_F(PluginLoadingTest, LibraryWithoutEntryIsNotAPlugin) {
  EXPECT_EQ(stateOf(1), "not an Orchestra v1 plugin (no orc_plugin_entry_v1 symbol)");
}

TEST_F(PluginLoadingTest, WrongMajorIsRefused) {
  EXPECT_EQ(stateOf(2), "built for ABI major 2, this host speaks major 1");
}

TEST_F(PluginLoadingTest, NewerMinorIsRefused) {
  // The fixture says one minor more than the host, whatever the host's minor is.
  const std::string host_minor = std::to_string(ORC_ABI_VERSION_MINOR);
  const std::string plugin_minor = std::to_string(ORC_ABI_VERSION_MINOR + 1);
  EXPECT_EQ(stateOf(3), "built against ABI 1." + plugin_minor + ", newer than this host's 1." +
                            host_minor +
                            " (upgrade Orchestra or rebuild the plugin with an older SDK)");
}

TEST_F(PluginLoadingTest, TooSmallDescriptorIsRefused) {
  EXPECT_EQ(stateOf(4), "plugin descriptor is 16 bytes, smaller than ABI v1.0's " +
                            std::to_string(ORC_V1_0_SIZE_PLUGIN_DESCRIPTOR));
}

TEST_F(PluginLoadingTest, InitFailureIsRefusedWithThePluginsMessage) {
  EXPECT_EQ(stateOf(5), "init failed: fixture cannot reach its database");
}

TEST_F(PluginLoadingTest, DuplicateExtensionIdNamesTheOwner) {
  EXPECT_EQ(stateOf(6), "extension \"fixture.echo\" already registered by plugin \"fixture.good\"");
}

TEST_F(PluginLoadingTest, IdMismatchIsRefused) {
  EXPECT_EQ(stateOf(7),
            "id mismatch: expected \"someone.else\", the plugin says \"fixture.misbehaving\"");
}

TEST_F(PluginLoadingTest, Sha256MismatchIsRefused) {
  const std::string state = stateOf(8);
  EXPECT_EQ(state.rfind("sha256 mismatch: expected " + std::string(64, 'a') + ", file has ", 0), 0U)
      << state;
}

TEST_F(PluginLoadingTest, MissingFileIsRefused) {
  EXPECT_EQ(stateOf(9), "missing file: " + fixture("fixture_missing_file"));
}

TEST_F(PluginLoadingTest, ConfigRefusedByThePluginsSchema) {
  EXPECT_EQ(stateOf(10), "config invalid at \"/greeting\": must be a string");
}

TEST_F(PluginLoadingTest, HostKeepsServingAndIsReady) {
  EXPECT_EQ(client().get("/health").status, 200);
  const auto ready = client().get("/health/ready");
  EXPECT_EQ(ready.status, 200) << ready.body;
  const auto plugins = ready.json()->getObject("checks")->getObject("plugins");
  EXPECT_EQ(plugins->getValue<std::string>("status"), "ok");
  EXPECT_NE(plugins->getValue<std::string>("detail").find("1 loaded"), std::string::npos);
}

TEST_F(PluginLoadingTest, NodeTypesListsWhatTheGoodPluginRegistered) {
  const auto result = signedInGet("/api/v1/node-types");
  ASSERT_EQ(result.status, 200);
  const auto body = result.json();
  EXPECT_EQ(body->getValue<int>("total"), 1);
  const auto node = body->getArray("items")->getObject(0);
  EXPECT_EQ(node->getValue<std::string>("id"), "fixture.echo");
  EXPECT_EQ(node->getValue<std::string>("category"), "action");
  EXPECT_EQ(node->getValue<std::string>("plugin"), "fixture.good");
  EXPECT_EQ(node->getValue<std::string>("display_name"), "Fixture node");
  EXPECT_EQ(node->getObject("config_schema")->getValue<std::string>("type"), "object");
  EXPECT_EQ(node->getArray("output_ports")->getObject(0)->getValue<std::string>("name"), "main");
  // The OpenAPI document knows the catalog routes too.
  const auto openapi = client().get("/api/v1/openapi.json").json()->getObject("paths");
  EXPECT_TRUE(openapi->has("/api/v1/node-types"));
  EXPECT_TRUE(openapi->has("/api/v1/plugins"));
}

class CorePluginsTest : public SqliteHostTest {
 protected:
  void SetUp() override {
    const std::string dir = ORCHESTRA_PLUGIN_BUILD_DIR;
    start(sqliteHostConfig() + "plugins:\n  search_paths: [\"" + dir + "\"]\n  load:\n" +
          loadEntry("libcore_nodes.so", "      expect_id: core\n      required: true\n") +
          loadEntry("libstorage_fs.so", "      required: true\n"));
  }
};

TEST_F(CorePluginsTest, EveryCoreNodeTypeIsLoadedAndDescribed) {
  const std::map<std::string, std::string> bearer = {{"Authorization", "Bearer " + signIn()}};
  const auto result = client().request("GET", "/api/v1/node-types", "", bearer);
  ASSERT_EQ(result.status, 200);
  std::map<std::string, Poco::JSON::Object::Ptr> by_id;
  const auto items = result.json()->getArray("items");
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto item = items->getObject(static_cast<unsigned>(i));
    by_id[item->getValue<std::string>("id")] = item;
  }
  for (const auto* id : {"core.trigger.manual", "core.trigger.webhook", "core.trigger.cron",
                         "core.if", "core.switch", "core.merge", "core.foreach", "core.set",
                         "core.delay", "core.http_request"}) {
    ASSERT_EQ(by_id.count(id), 1U) << id << " missing from " << result.body;
    EXPECT_EQ(by_id[id]->getValue<std::string>("plugin"), "core");
    EXPECT_FALSE(by_id[id]->getValue<std::string>("description").empty()) << id;
    EXPECT_TRUE(by_id[id]->getObject("config_schema")->has("type")) << id;
  }
  EXPECT_EQ(by_id["core.trigger.cron"]->getValue<std::string>("category"), "trigger");
  EXPECT_EQ(by_id["core.if"]->getValue<std::string>("category"), "logic");
  const auto if_ports = by_id["core.if"]->getArray("output_ports");
  ASSERT_EQ(if_ports->size(), 2U);
  EXPECT_TRUE(by_id["core.switch"]->getValue<bool>("dynamic_outputs"));
  EXPECT_TRUE(by_id["core.http_request"]->getValue<bool>("side_effects"));

  const auto plugins =
      client().request("GET", "/api/v1/plugins", "", bearer).json()->getArray("items");
  ASSERT_EQ(plugins->size(), 2U);
  EXPECT_EQ(plugins->getObject(1)->getValue<std::string>("id"), "storage.fs");
  EXPECT_EQ(plugins->getObject(1)->getArray("extensions")->getElement<std::string>(0),
            "storage.fs");
}

TEST(PluginStartup, RefusedRequiredPluginStopsStartupNamingFileAndReason) {
  const auto dir = makeTempDirectory("orchestra-required-plugin");
  HostOptions options;
  options.config_yaml = sqliteHostConfig() + "plugins:\n  load:\n" +
                        loadEntry(fixture("fixture_init_fails"), "      required: true\n");
  options.environment["ORCHESTRA_TEST_SQLITE_URL"] = "sqlite:///" + (dir / "o.db").string();
  options.environment["ORCHESTRA_TEST_JWT_SECRET"] = "integration-test-secret-0123456789abcdef";
  options.wait_until_listening = false;
  HostProcess host(options);
  const auto status = host.waitForExit(std::chrono::seconds(20));
  ASSERT_TRUE(status.has_value());
  EXPECT_NE(*status, 0);
  EXPECT_NE(host.output().find("libfixture_init_fails.so refused: init failed: fixture cannot "
                               "reach its database"),
            std::string::npos)
      << host.output();
  std::filesystem::remove_all(dir);
}

TEST(PluginCli, ListShowsLoadedAndFailedPlugins) {
  const auto dir = makeTempDirectory("orchestra-plugins-list");
  const auto config = dir / "orchestra.yaml";
  std::ofstream(config) << "plugins:\n  load:\n"
                        << loadEntry(fixture("fixture_good"))
                        << loadEntry(fixture("fixture_wrong_major"));
  const auto result =
      HostProcess::runToCompletion({"plugins", "list", "--config", config.string()});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("fixture.good"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("loaded"), std::string::npos);
  EXPECT_NE(result.output.find("extensions: fixture.echo"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("error: built for ABI major 2"), std::string::npos) << result.output;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace orchestra::testing
