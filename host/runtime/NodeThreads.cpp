#include "host/runtime/NodeThreads.hpp"

#include <algorithm>
#include <thread>

namespace orchestra::runtime {

NodeThreads::NodeThreads(std::size_t threads) : base_threads_(std::max<std::size_t>(threads, 1)) {
  std::lock_guard lock(shared_->mutex);
  for (std::size_t i = 0; i < base_threads_; ++i)
    startThreadLocked();
}

NodeThreads::~NodeThreads() {
  shutdown();
}

void NodeThreads::startThreadLocked() {
  ++shared_->threads;
  std::thread([shared = shared_] { work(shared); }).detach();
}

void NodeThreads::post(std::function<void()> task) {
  std::lock_guard lock(shared_->mutex);
  if (shared_->stopping) return;
  shared_->tasks.push_back(std::move(task));
  // Replace threads held by hung tasks, never beyond twice the configured size.
  if (shared_->idle == 0 && shared_->abandoned > 0 && shared_->threads < 2 * base_threads_) {
    --shared_->abandoned;
    startThreadLocked();
  }
  shared_->work_arrived.notify_one();
}

void NodeThreads::abandoned() {
  std::lock_guard lock(shared_->mutex);
  ++shared_->abandoned;
}

bool NodeThreads::shutdown(std::chrono::milliseconds grace) {
  std::unique_lock lock(shared_->mutex);
  shared_->stopping = true;
  shared_->stop_signal->store(true);
  shared_->tasks.clear();
  shared_->work_arrived.notify_all();
  return shared_->task_finished.wait_for(lock, grace, [&] { return shared_->busy == 0; });
}

void NodeThreads::work(const std::shared_ptr<Shared>& shared) {
  std::unique_lock lock(shared->mutex);
  while (true) {
    ++shared->idle;
    shared->work_arrived.wait(lock, [&] { return shared->stopping || !shared->tasks.empty(); });
    --shared->idle;
    if (shared->stopping) break;
    std::function<void()> task = std::move(shared->tasks.front());
    shared->tasks.pop_front();
    ++shared->busy;
    lock.unlock();
    task();
    task = nullptr;  // whatever it captured goes now, not when the next task arrives
    lock.lock();
    --shared->busy;
    shared->task_finished.notify_all();
  }
  --shared->threads;
}

}  // namespace orchestra::runtime
