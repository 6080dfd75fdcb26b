// The threads that run nodes which may block (HTTP calls, delays, third-party plugins), so the
// execution's own thread can wait for them with a deadline and give up on one that hangs.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

namespace orchestra::runtime {

// THREAD: post() and abandoned() from any thread. A task that never returns keeps its thread:
// each one reported by abandoned() lets the pool start a replacement (at most `threads` more),
// so a few hung plugins do not starve every other node.
class NodeThreads {
 public:
  explicit NodeThreads(std::size_t threads);
  ~NodeThreads();  // shutdown()
  NodeThreads(const NodeThreads&) = delete;
  NodeThreads& operator=(const NodeThreads&) = delete;

  void post(std::function<void()> task);
  // The caller stopped waiting for a task that still runs.
  void abandoned();
  // Set once shutdown() begins: a running node reads it through its cancellation check, so a
  // node that waits (core.delay, a slow HTTP call) returns instead of running on while the host
  // unloads its plugin. Shared, because a task may outlive this object.
  std::shared_ptr<const std::atomic<bool>> stopSignal() const { return shared_->stop_signal; }

  // Stops taking tasks (later posts run nothing), raises stopSignal() and waits up to `grace`
  // for the running tasks to return; true when none is left. Threads are detached: one stuck in
  // a hung plugin must not block the host's exit, and everything they touch is shared with
  // them, so they may outlive this object.
  bool shutdown(std::chrono::milliseconds grace = std::chrono::milliseconds(0));

 private:
  struct Shared {
    std::mutex mutex;
    std::condition_variable work_arrived;
    std::condition_variable task_finished;
    std::shared_ptr<std::atomic<bool>> stop_signal = std::make_shared<std::atomic<bool>>(false);
    std::deque<std::function<void()>> tasks;
    std::size_t threads = 0;
    std::size_t idle = 0;
    std::size_t busy = 0;  // tasks running now
    std::size_t abandoned = 0;
    bool stopping = false;
  };
  static void work(const std::shared_ptr<Shared>& shared);
  void startThreadLocked();

  const std::size_t base_threads_;
  std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
};

}  // namespace orchestra::runtime
