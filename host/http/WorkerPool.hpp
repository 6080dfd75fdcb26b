// A fixed set of threads that run complete requests, fed by a bounded queue: the reactor hands a
// connection over only once its request head has arrived, so a thread waits for a client only
// for the moment a worker lingers for a kept-alive connection's next request (HttpConnection).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace orchestra::http {

class WorkerPool {
 public:
  WorkerPool(int threads, std::size_t queue_limit);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false (and nothing queued) when the queue is full or the pool stopped.
  bool trySubmit(std::function<void()> task);
  // Whether a thread waits for work with nothing queued (a hint: it may change at once).
  bool hasIdleThread() const { return idle_threads_.load(std::memory_order_relaxed) > 0; }
  // Lets queued tasks finish, then joins the threads; with `join` false a thread stuck in a
  // handler is left behind (detached) instead of hanging shutdown.
  void stop(bool join);

 private:
  void work();

  std::size_t queue_limit_;
  std::mutex mutex_;
  std::condition_variable work_available_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  // Threads waiting for work, minus queued tasks not yet taken.
  std::atomic<int> idle_threads_{0};
};

}  // namespace orchestra::http
