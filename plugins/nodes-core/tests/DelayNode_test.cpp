#include <chrono>
#include <thread>

#include "CoreNodesFixture.hpp"

namespace orchestra::plugins::core {
namespace {

using sdk::ErrorClass;
using Clock = std::chrono::steady_clock;

TEST_F(CoreNodesTest, DelayWaitsThenPassesTheInputOn) {
  auto started = Clock::now();
  auto outcome = run("core.delay", R"({"duration_ms":120})", R"({"x":1})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(120));
  EXPECT_EQ(outcome.output("main"), json(R"({"x":1})"));
}

TEST_F(CoreNodesTest, DelayStopsSoonAfterCancellation) {
  auto& node = host_.createNode("core.delay", R"({"duration_ms":60000})");
  std::thread canceller([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    host_.cancelled = true;
  });
  auto started = Clock::now();
  auto outcome = host_.execute(node, R"({"main":{}})");
  canceller.join();
  EXPECT_EQ(outcome.status, ORC_ERR_CANCELLED);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(2));
  EXPECT_TRUE(host_.misuses().empty());
}

TEST_F(CoreNodesTest, DelayDurationIsBounded) {
  for (const char* config : {R"({})", R"({"duration_ms":-1})", R"({"duration_ms":3600001})",
                             R"({"duration_ms":1.5})", R"({"duration_ms":"10"})"}) {
    EXPECT_EQ(createError("core.delay", config).errorClass(), ErrorClass::Validation) << config;
  }
  EXPECT_TRUE(run("core.delay", R"({"duration_ms":0})").ok());
}

TEST_F(CoreNodesTest, DelayChecksTheResolvedConfigOfEachRun) {
  // The host validates the saved config only; what a run resolves reaches the node unchecked.
  auto& node = host_.createNode("core.delay", R"({"duration_ms":0})");
  auto resolved = [&](const char* config) {
    sdk::testing::ExecuteOptions options;
    options.config_json = config;
    return host_.execute(node, R"({"main":{}})", options);
  };
  auto fraction = resolved(R"({"duration_ms":1.9})");
  EXPECT_EQ(fraction.error_class, ErrorClass::Validation);
  EXPECT_EQ(fraction.error_message, "config.duration_ms must be an integer");
  // 2^63 and 2^53 + 1 must not wrap or round into range.
  for (const char* config :
       {R"({"duration_ms":9223372036854775808})", R"({"duration_ms":9007199254740993})"}) {
    auto outcome = resolved(config);
    EXPECT_EQ(outcome.error_message, "config.duration_ms must be between 0 and 3600000") << config;
  }
  EXPECT_TRUE(resolved(R"({"duration_ms":1.0})").ok()) << "1.0 is the integer 1";
}

}  // namespace
}  // namespace orchestra::plugins::core
