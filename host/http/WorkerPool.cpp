#include "host/http/WorkerPool.hpp"

#include <pthread.h>

namespace orchestra::http {

WorkerPool::WorkerPool(int threads, std::size_t queue_limit) : queue_limit_(queue_limit) {
  threads_.reserve(static_cast<std::size_t>(threads));
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { work(); });
    ::pthread_setname_np(threads_.back().native_handle(), "http-worker");
  }
}

WorkerPool::~WorkerPool() {
  stop(true);
}

bool WorkerPool::trySubmit(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= queue_limit_) return false;
    queue_.push_back(std::move(task));
    idle_threads_.fetch_sub(1, std::memory_order_relaxed);  // one of them will take it
  }
  work_available_.notify_one();
  return true;
}

void WorkerPool::stop(bool join) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  work_available_.notify_all();
  for (auto& thread : threads_) {
    if (join) {
      thread.join();
    } else {
      thread.detach();
    }
  }
  threads_.clear();
}

void WorkerPool::work() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      // Taking a queued task leaves the count as it is: one waiter and one queued task fewer.
      idle_threads_.fetch_add(1, std::memory_order_relaxed);
      work_available_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

}  // namespace orchestra::http
