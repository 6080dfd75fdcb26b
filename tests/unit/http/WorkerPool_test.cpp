// WorkerPool's idle-thread hint: a worker lingers for a kept-alive connection's next request
// only while it says another thread is free, so it must turn false as soon as work waits.
#include "host/http/WorkerPool.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>
#include <thread>

namespace orchestra::http {
namespace {

// The pool's threads start (and become idle) asynchronously: wait for the hint to settle.
bool becomes(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

TEST(WorkerPool, IdleThreadHintFollowsBusyThreadsAndQueuedTasks) {
  WorkerPool pool(2, 8);
  EXPECT_TRUE(becomes([&] { return pool.hasIdleThread(); }));

  std::promise<void> release_first;
  std::promise<void> release_second;
  std::shared_future<void> first = release_first.get_future().share();
  std::shared_future<void> second = release_second.get_future().share();
  std::promise<void> first_started;
  ASSERT_TRUE(pool.trySubmit([&, first] {
    first_started.set_value();
    first.wait();
  }));
  first_started.get_future().wait();
  // One of two is busy (the other may still be starting up).
  EXPECT_TRUE(becomes([&] { return pool.hasIdleThread(); }));

  ASSERT_TRUE(pool.trySubmit([second] { second.wait(); }));
  EXPECT_FALSE(pool.hasIdleThread());  // both taken, at once (not when the second one starts)

  std::promise<void> third_ran;
  ASSERT_TRUE(pool.trySubmit([&] { third_ran.set_value(); }));
  EXPECT_FALSE(pool.hasIdleThread());  // and a task waits for a thread

  release_first.set_value();
  third_ran.get_future().wait();
  EXPECT_TRUE(becomes([&] { return pool.hasIdleThread(); }));
  release_second.set_value();
  pool.stop(true);
}

}  // namespace
}  // namespace orchestra::http
