// MCP over stdio end to end, against reference servers from npm that nobody here wrote: the
// real mcp.stdio plugin (.so) loaded by the host's loader, processes spawned by the host's
// spawner under its rules, the host's MCP session and supervisor on top. After every test no
// process we started is left: none below this process, none carrying this test's marker.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "host/mcp/McpSession.hpp"
#include "host/mcp/McpSupervisor.hpp"
#include "host/plugins/PluginLoader.hpp"
#include "host/plugins/ProcessSpawner.hpp"
#include "host/text/JsonWriter.hpp"
#include "tests/support/HostProcess.hpp"
#include "tests/support/NpmPeers.hpp"
#include "tests/support/ProcessTree.hpp"

namespace orchestra::testing {
namespace {

using mcp::CallControl;
using mcp::McpError;
using mcp::McpFailure;
using mcp::McpServerState;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

class McpStdioTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Once per run (the script returns at once when the packages are there), bounded in time.
    ASSERT_EQ(installNpmPeers(), 0) << "could not install the npm MCP servers";
  }

  void SetUp() override {
    marker_ = "ORCHESTRA_TEST_MARKER=" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name();
    // Set before the spawner reads the environment, so that neither passing the host's
    // environment at spawn time nor passing what it held at start-up goes unnoticed. No other
    // thread of this test exists yet.
    // NOLINTNEXTLINE(concurrency-mt-unsafe)
    ::setenv("ORCHESTRA_TEST_CANARY", "leaked-if-you-see-this", 1);
    config::SpawnSettings settings;
    settings.enabled = true;
    settings.allowed_commands = {"node"};
    settings.env_allow = {"PATH", "HOME"};
    settings.limits.cpu_seconds = 120;
    settings.limits.open_files = 256;
    spawner_ = std::make_unique<plugins::ProcessSpawner>(
        plugins::SpawnRules(settings, config::Environment::fromProcess()),
        plugins::StderrRelaySettings{20, 2048});
    services_.processes = spawner_.get();
    loader_ = std::make_unique<plugins::PluginLoader>(registry_, services_);
    config::PluginLoadSpec spec;
    spec.file = std::string(ORCHESTRA_PLUGIN_BUILD_DIR) + "/libmcp_stdio.so";
    spec.required = true;
    const auto& record = loader_->load(spec, {});
    ASSERT_EQ(record.state, plugins::PluginState::Loaded) << record.failure;
  }

  void TearDown() override {
    supervisor_.reset();
    if (loader_) loader_->shutdownAll();
    EXPECT_EQ(spawner_->liveCount(), 0U) << "a child was never closed";
    spawner_.reset();
    ::unsetenv("ORCHESTRA_TEST_CANARY");  // NOLINT(concurrency-mt-unsafe): threads are gone
    expectNoProcessLeft();
  }

  void expectNoProcessLeft() {
    // Reaped children vanish at once; a grandchild killed with its group may take a moment.
    EXPECT_TRUE(eventually([] { return descendantsOf(::getpid()).empty(); },
                           std::chrono::milliseconds(3000)))
        << descendantsOf(::getpid()).size()
        << " descendants left, first: " << commandLineOf(descendantsOf(::getpid()).front());
    EXPECT_TRUE(eventually([&] { return processesWithEnvironment(marker_).empty(); },
                           std::chrono::milliseconds(3000)))
        << "a process carrying " << marker_ << " is still running";
  }

  // mcp.stdio config running `package` with node, marked with this test's marker.
  std::string serverConfig(const std::string& package, const std::vector<std::string>& args) {
    text::JsonWriter json;
    json.beginObject()
        .field("command", "node")
        .key("args")
        .beginArray()
        .value(npmPeerEntry(package));
    for (const std::string& arg : args)
      json.value(arg);
    json.endArray();
    const std::size_t equals = marker_.find('=');
    json.key("env").beginObject().field(marker_.substr(0, equals), marker_.substr(equals + 1));
    json.endObject().endObject();
    return std::move(json).finish();
  }

  mcp::McpSupervisor& supervisor(mcp::McpSupervisorSettings settings = {}) {
    supervisor_ = std::make_unique<mcp::McpSupervisor>(registry_, settings);
    supervisor_->define({"everything", "mcp.stdio", serverConfig("server-everything", {"stdio"})});
    return *supervisor_;
  }

  std::unique_ptr<mcp::McpSession> openSession(const std::string& config_json) {
    auto created = plugins::McpTransportInstance::create(
        *registry_.mcpTransports().find("mcp.stdio"), config_json);
    auto* instance = std::get_if<std::unique_ptr<plugins::McpTransportInstance>>(&created);
    if (instance == nullptr) {
      ADD_FAILURE() << std::get<plugins::TransportAnswer>(created).text;
      return nullptr;
    }
    return std::make_unique<mcp::McpSession>(std::move(*instance), mcp::McpSessionOptions{});
  }

  // The stdout of `node -e script`, spawned by the host's spawner with `env` added.
  std::string nodeOutput(const std::string& script,
                         const std::map<std::string, std::string>& env = {}) {
    plugins::SpawnRequest request;
    request.command = "node";
    request.args = {"-e", script};
    request.env = env;
    auto spawned = spawner_->spawn(request);
    auto* child = std::get_if<std::unique_ptr<plugins::ChildProcess>>(&spawned);
    if (child == nullptr) {
      ADD_FAILURE() << std::get<plugins::SpawnRefusal>(spawned).message;
      return {};
    }
    std::string output;
    std::array<char, 4096> buffer{};
    std::size_t size = 0;
    while ((*child)->read(buffer.data(), buffer.size(), &size, 10000) == ORC_OK)
      output.append(buffer.data(), size);
    EXPECT_EQ(spawner_->close(std::move(*child), 5000), 0);
    return output;
  }

  std::string marker_;
  plugins::PluginRegistry registry_;
  plugins::HostServices services_;
  std::unique_ptr<plugins::ProcessSpawner> spawner_;
  std::unique_ptr<plugins::PluginLoader> loader_;
  std::unique_ptr<mcp::McpSupervisor> supervisor_;
};

TEST_F(McpStdioTest, ConnectsListsToolsAndCallsThem) {
  auto& servers = supervisor();
  const mcp::McpServerStatus status = servers.connect("everything");
  EXPECT_EQ(status.state, McpServerState::Connected);
  EXPECT_EQ(status.protocol_version, "2025-11-25");
  EXPECT_TRUE(contains(status.server_info_json, "everything")) << status.server_info_json;

  const std::string tools = servers.tools("everything");
  EXPECT_TRUE(contains(tools, R"("name":"echo")")) << tools;
  EXPECT_TRUE(contains(tools, R"("name":"get-sum")")) << tools;
  EXPECT_TRUE(contains(tools, R"("inputSchema")")) << tools;

  const auto echo = servers.callTool("everything", "echo", R"({"message":"hello orchestra"})");
  EXPECT_FALSE(echo.is_error);
  EXPECT_TRUE(contains(echo.result_json, "hello orchestra")) << echo.result_json;
  const auto sum = servers.callTool("everything", "get-sum", R"({"a":2,"b":40})");
  EXPECT_FALSE(sum.is_error);
  EXPECT_TRUE(contains(sum.result_json, "42")) << sum.result_json;
}

TEST_F(McpStdioTest, ConcurrentCallsShareOneServerProcess) {
  auto& servers = supervisor();
  std::vector<std::thread> callers;
  callers.reserve(6);
  std::atomic<int> answered{0};
  for (int i = 0; i < 6; ++i) {
    callers.emplace_back([&, i] {
      const auto result = servers.callTool("everything", "get-sum",
                                           R"({"a":)" + std::to_string(i) + R"(,"b":1000})");
      if (contains(result.result_json, std::to_string(1000 + i))) ++answered;
    });
  }
  for (auto& caller : callers)
    caller.join();
  EXPECT_EQ(answered, 6);
  EXPECT_EQ(processesWithEnvironment(marker_).size(), 1U) << "one process per server definition";
}

TEST_F(McpStdioTest, AToolErrorIsAResultAProtocolErrorIsAnError) {
  auto session = openSession(serverConfig("server-everything", {"stdio"}));
  ASSERT_NE(session, nullptr);
  const auto failed = session->callTool("get-sum", R"({"a":"two","b":2})");
  EXPECT_TRUE(failed.is_error) << failed.result_json;
  try {
    session->request("no/such/method", "");
    ADD_FAILURE() << "an unknown method answered";
  } catch (const McpError& error) {
    EXPECT_EQ(error.failure(), McpFailure::Remote);
    EXPECT_EQ(error.code(), -32601);
  }
  EXPECT_NO_THROW(session->ping(5000));  // the session survives both
}

TEST_F(McpStdioTest, CancellingALongToolAnswersAtOnceAndTheSessionGoesOn) {
  auto session = openSession(serverConfig("server-everything", {"stdio"}));
  ASSERT_NE(session, nullptr);
  std::atomic<bool> cancelled{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    cancelled = true;
  });
  const auto started = std::chrono::steady_clock::now();
  try {
    session->callTool("trigger-long-running-operation", R"({"duration":30,"steps":30})",
                      CallControl{60000, [&] { return cancelled.load(); }});
    ADD_FAILURE() << "the long operation finished";
  } catch (const McpError& error) {
    EXPECT_EQ(error.failure(), McpFailure::Cancelled) << error.what();
  }
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_FALSE(session->callTool("echo", R"({"message":"still here"})").is_error);

  try {
    session->callTool("trigger-long-running-operation", R"({"duration":30,"steps":30})",
                      CallControl{300, {}});
    ADD_FAILURE() << "no timeout";
  } catch (const McpError& error) {
    EXPECT_EQ(error.failure(), McpFailure::Timeout) << error.what();
  }
}

TEST_F(McpStdioTest, AKilledServerIsRestartedBySupervision) {
  mcp::McpSupervisorSettings settings;
  settings.restart_initial_delay_ms = 200;
  settings.tick_ms = 50;
  auto& servers = supervisor(settings);
  servers.connect("everything");
  const auto processes = processesWithEnvironment(marker_);
  ASSERT_EQ(processes.size(), 1U);
  ASSERT_EQ(::kill(processes.front(), SIGKILL), 0);

  EXPECT_TRUE(eventually(
      [&] {
        const auto status = servers.status("everything");
        return status.state == McpServerState::Connected && status.restarts == 1;
      },
      std::chrono::milliseconds(15000)))
      << servers.status("everything").error;
  const auto after = processesWithEnvironment(marker_);
  ASSERT_EQ(after.size(), 1U);
  EXPECT_NE(after.front(), processes.front());
  EXPECT_FALSE(servers.callTool("everything", "echo", R"({"message":"back"})").is_error);
}

TEST_F(McpStdioTest, AnIdleServerIsClosedAndComesBackOnTheNextCall) {
  mcp::McpSupervisorSettings settings;
  settings.idle_timeout_ms = 300;
  settings.tick_ms = 50;
  auto& servers = supervisor(settings);
  std::atomic<int> tools_changed{0};
  servers.onToolsChanged([&](const std::string& id) {
    if (id == "everything") ++tools_changed;
  });
  servers.connect("everything");
  EXPECT_TRUE(
      eventually([&] { return servers.status("everything").state == McpServerState::Disconnected; },
                 std::chrono::milliseconds(5000)));
  EXPECT_TRUE(eventually([&] { return processesWithEnvironment(marker_).empty(); },
                         std::chrono::milliseconds(5000)));
  EXPECT_FALSE(servers.callTool("everything", "echo", R"({"message":"again"})").is_error);
  EXPECT_EQ(servers.status("everything").state, McpServerState::Connected);
  // A call that runs longer than the idle timeout keeps its session.
  const auto long_call = servers.callTool("everything", "trigger-long-running-operation",
                                          R"({"duration":1,"steps":2})");
  EXPECT_FALSE(long_call.is_error) << long_call.result_json;
  // server-everything announces tools/list_changed when it starts: the listener heard it.
  EXPECT_GE(tools_changed, 1);
}

TEST_F(McpStdioTest, DisconnectingMidCallEndsTheCallAndTheProcess) {
  auto& servers = supervisor();
  servers.connect("everything");
  std::atomic<bool> closed_error{false};
  std::thread caller([&] {
    try {
      servers.callTool("everything", "trigger-long-running-operation",
                       R"({"duration":30,"steps":30})");
    } catch (const McpError& error) {
      closed_error = error.failure() == McpFailure::Closed;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  servers.disconnect("everything");
  caller.join();
  EXPECT_TRUE(closed_error);
  EXPECT_EQ(servers.status("everything").state, McpServerState::Disconnected);
  EXPECT_TRUE(processesWithEnvironment(marker_).empty());
}

TEST_F(McpStdioTest, FilesystemServerListsATemporaryFolder) {
  const auto folder = makeTempDirectory("orchestra-mcp-fs");
  std::ofstream(folder / "alpha.txt") << "a";
  std::filesystem::create_directory(folder / "beta");
  auto session = openSession(serverConfig("server-filesystem", {folder.string()}));
  ASSERT_NE(session, nullptr);
  EXPECT_TRUE(contains(session->listTools(), R"("name":"list_directory")"));
  const auto listing =
      session->callTool("list_directory", R"({"path":")" + folder.string() + R"("})");
  EXPECT_FALSE(listing.is_error) << listing.result_json;
  EXPECT_TRUE(contains(listing.result_json, "[FILE] alpha.txt")) << listing.result_json;
  EXPECT_TRUE(contains(listing.result_json, "[DIR] beta")) << listing.result_json;
  session.reset();
  std::filesystem::remove_all(folder);
}

TEST_F(McpStdioTest, SpawnRulesRefuseACommandNotAllowed) {
  auto& servers = supervisor();
  servers.define({"python", "mcp.stdio", R"j({"command":"python3","args":["-c","print(1)"]})j"});
  try {
    servers.connect("python");
    ADD_FAILURE() << "python3 was spawned";
  } catch (const McpError& error) {
    EXPECT_EQ(error.failure(), McpFailure::Unavailable);
    EXPECT_TRUE(contains(error.what(), "\"python3\" is not in spawn.allowed_commands"))
        << error.what();
  }
  EXPECT_EQ(servers.status("python").state, McpServerState::Failed);
}

TEST_F(McpStdioTest, ChildrenGetNoneOfTheHostsEnvironmentBeyondTheAllowList) {
  const std::string environment =
      nodeOutput("process.stdout.write(JSON.stringify(process.env))", {{"FROM_REQUEST", "yes"}});
  EXPECT_FALSE(contains(environment, "ORCHESTRA_TEST_CANARY")) << environment;
  EXPECT_FALSE(contains(environment, "leaked-if-you-see-this"));
  EXPECT_TRUE(contains(environment, R"("FROM_REQUEST":"yes")")) << environment;
  EXPECT_TRUE(contains(environment, R"("PATH":)")) << environment;
}

TEST_F(McpStdioTest, ChildrenRunUnderTheLimitsInTheirOwnGroup) {
  const std::string limits = nodeOutput(
      "const fs=require('fs');process.stdout.write(fs.readFileSync('/proc/self/limits','utf8')+"
      "'\\npgid-is-pid:'+(fs.readFileSync('/proc/self/stat','utf8').split(') ')[1].split(' ')[2]"
      "==process.pid)+'\\nfds:'+fs.readdirSync('/proc/self/fd').length)");
  EXPECT_TRUE(contains(limits, "Max open files            256                  256")) << limits;
  EXPECT_TRUE(contains(limits, "Max cpu time              120                  121")) << limits;
  EXPECT_TRUE(contains(limits, "pgid-is-pid:true")) << limits;
}

TEST_F(McpStdioTest, HostShutdownEndsEveryGroupGrandchildrenIncluded) {
  // Each child ignores SIGTERM before it starts a grandchild (so that once the grandchild is
  // seen, the child is sure to outlive the SIGTERM), then both idle; neither reads stdin.
  const std::size_t equals = marker_.find('=');
  std::vector<std::unique_ptr<plugins::ChildProcess>> children;
  for (int i = 0; i < 2; ++i) {
    plugins::SpawnRequest request;
    request.command = "node";
    request.args = {"-e",
                    "process.on('SIGTERM',()=>{});require('child_process').spawn(process.execPath,"
                    "['-e','setInterval(()=>{},1000)'],{stdio:'ignore'});setInterval(()=>{},"
                    "1000)"};
    request.env = {{marker_.substr(0, equals), marker_.substr(equals + 1)}};
    auto spawned = spawner_->spawn(request);
    ASSERT_TRUE(std::holds_alternative<std::unique_ptr<plugins::ChildProcess>>(spawned));
    children.push_back(std::move(std::get<std::unique_ptr<plugins::ChildProcess>>(spawned)));
  }
  ASSERT_TRUE(eventually([&] { return processesWithEnvironment(marker_).size() == 4; },
                         std::chrono::milliseconds(5000)));
  spawner_->terminateAll();  // the children ignore SIGTERM: the SIGKILL after the grace ends them
  EXPECT_TRUE(eventually([&] { return processesWithEnvironment(marker_).empty(); },
                         std::chrono::milliseconds(3000)));
  for (auto& child : children)
    EXPECT_EQ(spawner_->close(std::move(child), 0), 128 + SIGKILL);
  plugins::SpawnRequest late;
  late.command = "node";
  EXPECT_TRUE(std::holds_alternative<plugins::SpawnRefusal>(spawner_->spawn(late)));
}

}  // namespace
}  // namespace orchestra::testing
