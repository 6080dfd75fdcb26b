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

}  // namespace
}  // namespace orchestra::plugins::core
