// NodeThreads at shutdown: running tasks see the stop signal and are waited for (bounded), and a
// task that ignores the signal is left running once the grace has passed.
#include "host/runtime/NodeThreads.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>

namespace orchestra::runtime {
namespace {

using namespace std::chrono_literals;

TEST(NodeThreads, ShutdownStopsTasksThatWatchTheSignalAndWaitsForThem) {
  NodeThreads threads(2);
  auto started = std::make_shared<std::promise<void>>();
  auto finished = std::make_shared<std::atomic<bool>>(false);
  threads.post([signal = threads.stopSignal(), started, finished] {
    started->set_value();
    while (!signal->load())
      std::this_thread::sleep_for(1ms);
    finished->store(true);
  });
  started->get_future().wait();
  EXPECT_FALSE(threads.stopSignal()->load());

  EXPECT_TRUE(threads.shutdown(10s));
  EXPECT_TRUE(finished->load());
}

TEST(NodeThreads, ShutdownGivesUpOnATaskThatIgnoresTheSignal) {
  NodeThreads threads(1);
  auto started = std::make_shared<std::promise<void>>();
  auto release = std::make_shared<std::atomic<bool>>(false);
  threads.post([started, release] {
    started->set_value();
    while (!release->load())
      std::this_thread::sleep_for(1ms);
  });
  started->get_future().wait();

  EXPECT_FALSE(threads.shutdown(50ms));
  release->store(true);  // the detached thread ends by itself
}

TEST(NodeThreads, PostsAfterShutdownRunNothing) {
  NodeThreads threads(1);
  EXPECT_TRUE(threads.shutdown());
  auto ran = std::make_shared<std::atomic<bool>>(false);
  threads.post([ran] { ran->store(true); });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(ran->load());
}

}  // namespace
}  // namespace orchestra::runtime
