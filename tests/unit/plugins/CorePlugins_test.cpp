// The in-tree plugins loaded by the host's real loader: core.http_request goes out only through
// the host's HTTP API (and its address guard), core.if picks a branch, storage.fs registers.
#include <gtest/gtest.h>

#include "host/http/HttpServer.hpp"
#include "host/plugins/NodeInvoker.hpp"
#include "host/plugins/PluginLoader.hpp"

namespace orchestra::plugins {
namespace {

class CorePluginsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("GET", "/data", [](http::Request& request) {
      return http::Response::json(200,
                                  R"({"echo":")" + std::string(request.header("X-Test")) + R"("})");
    });
    settings_.port = 0;
    settings_.threads = 4;
    http::DispatcherOptions options;
    options.access_log = false;
    dispatcher_ = std::make_unique<http::RequestDispatcher>(
        router_, std::vector<std::unique_ptr<http::Middleware>>{}, metrics_, std::move(options));
    server_ = std::make_unique<http::HttpServer>(settings_, *dispatcher_);
    server_->start();
  }
  void TearDown() override {
    if (loader_) loader_->shutdownAll();
    server_->stop(std::chrono::milliseconds(1000));
  }

  void load(bool allow_private) {
    http_ = std::make_unique<OutboundHttp>(OutboundHttpSettings{allow_private, 5000, 1 << 20});
    services_.http = http_.get();
    loader_ = std::make_unique<PluginLoader>(registry_, services_);
    for (const auto* name : {"libcore_nodes.so", "libstorage_fs.so"}) {
      config::PluginLoadSpec spec;
      spec.file = std::string(ORCHESTRA_PLUGIN_BUILD_DIR) + "/" + name;
      spec.required = true;
      const auto& record = loader_->load(spec, {});
      ASSERT_EQ(record.state, PluginState::Loaded) << record.failure;
    }
  }

  NodeOutcome run(const std::string& type, const std::string& config, const std::string& input) {
    const auto* entry = registry_.nodeTypes().find(type);
    EXPECT_NE(entry, nullptr);
    if (entry == nullptr) return {};
    NodeInstance instance(*entry, config);
    if (!instance.ok()) return instance.creationFailure();
    NodeRun node_run;
    node_run.input_json = input;
    node_run.idempotency_key = "exec/node/0";
    return instance.execute(node_run);
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/data";
  }

  config::ServerSettings settings_;
  http::Router router_;
  observability::Metrics metrics_registry_;
  observability::HttpRequestMetrics metrics_{metrics_registry_};
  std::unique_ptr<http::RequestDispatcher> dispatcher_;
  std::unique_ptr<http::HttpServer> server_;
  PluginRegistry registry_;
  HostServices services_;
  std::unique_ptr<OutboundHttp> http_;
  std::unique_ptr<PluginLoader> loader_;
};

TEST_F(CorePluginsTest, HttpRequestGoesThroughTheHost) {
  load(/*allow_private=*/true);
  const NodeOutcome outcome =
      run("core.http_request",
          R"({"url":")" + url() + R"(","method":"GET","headers":{"X-Test":"hi"}})", "{}");
  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  ASSERT_EQ(outcome.ports.size(), 1U);
  EXPECT_NE(outcome.ports[0].second.find(R"("status":200)"), std::string::npos)
      << outcome.ports[0].second;
  EXPECT_NE(outcome.ports[0].second.find(R"("echo":"hi")"), std::string::npos)
      << outcome.ports[0].second;
}

TEST_F(CorePluginsTest, HostRefusesLoopbackUnlessAllowed) {
  load(/*allow_private=*/false);
  const NodeOutcome outcome = run("core.http_request", R"({"url":")" + url() + R"("})", "{}");
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_class, ErrorClass::Permanent);
  EXPECT_NE(outcome.error_message.find("refuses"), std::string::npos) << outcome.error_message;
  // Metadata addresses are refused the same way.
  const NodeOutcome metadata =
      run("core.http_request", R"({"url":"http://169.254.169.254/latest/meta-data"})", "{}");
  EXPECT_FALSE(metadata.ok);
}

TEST_F(CorePluginsTest, IfChoosesTheTrueOrFalsePort) {
  load(true);
  const std::string config = R"({"condition":{"left":5,"operator":"gt","right":3}})";
  const NodeOutcome outcome = run("core.if", config, R"({"main":{"n":5}})");
  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  ASSERT_EQ(outcome.ports.size(), 1U);
  EXPECT_EQ(outcome.ports[0].first, "true");
}

TEST_F(CorePluginsTest, BadConfigIsAValidationFailure) {
  load(true);
  const NodeOutcome outcome =
      run("core.http_request", R"({"url":"not a url","method":"FETCH"})", "{}");
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_class, ErrorClass::Validation);
}

TEST_F(CorePluginsTest, StorageBackendIsRegistered) {
  load(true);
  ASSERT_NE(registry_.storageBackends().find("storage.fs"), nullptr);
  EXPECT_EQ(registry_.storageBackends().find("storage.fs")->info.owner_plugin_id, "storage.fs");
}

}  // namespace
}  // namespace orchestra::plugins
