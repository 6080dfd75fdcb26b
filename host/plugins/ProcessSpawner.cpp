#include "host/plugins/ProcessSpawner.hpp"

#include <future>

#include "host/observability/Logger.hpp"

namespace orchestra::plugins {

ProcessSpawner::ProcessSpawner(SpawnRules rules, StderrRelaySettings stderr_settings)
    : rules_(std::move(rules)), stderr_settings_(stderr_settings) {
  for (const std::string& command : rules_.unresolved()) {
    if (rules_.enabled()) {
      observability::logWarning("process", "allowed command not found on PATH; it will be refused",
                                {{"command", command}});
    }
  }
  launcher_ = std::thread([this] { launcherLoop(); });
}

ProcessSpawner::~ProcessSpawner() {
  terminateAll();
  {
    std::lock_guard lock(launcher_mutex_);
    launcher_stopping_ = true;
  }
  launcher_wakeup_.notify_all();
  launcher_.join();
}

void ProcessSpawner::launcherLoop() {
  std::unique_lock lock(launcher_mutex_);
  while (true) {
    launcher_wakeup_.wait(lock, [this] { return launcher_stopping_ || !launcher_tasks_.empty(); });
    if (launcher_tasks_.empty()) return;
    std::function<void()> task = std::move(launcher_tasks_.front());
    launcher_tasks_.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
}

void ProcessSpawner::runOnLauncher(const std::function<void()>& task) {
  std::packaged_task<void()> packaged(task);
  std::future<void> done = packaged.get_future();
  {
    std::lock_guard lock(launcher_mutex_);
    launcher_tasks_.emplace_back([&packaged] { packaged(); });
  }
  launcher_wakeup_.notify_one();
  done.get();  // rethrows the task's exception here
}

std::variant<std::unique_ptr<ChildProcess>, SpawnRefusal> ProcessSpawner::spawn(
    const SpawnRequest& request) {
  auto planned = rules_.plan(request);
  if (auto* refusal = std::get_if<SpawnRefusal>(&planned)) return std::move(*refusal);
  const SpawnPlan& plan = std::get<SpawnPlan>(planned);
  std::unique_ptr<ChildProcess> child;
  try {
    // Registered under the lock that terminateAll takes, so no child slips past a shutdown.
    std::lock_guard lock(mutex_);
    if (shutting_down_) return SpawnRefusal{true, "the host is shutting down"};
    runOnLauncher([&] { child = std::make_unique<ChildProcess>(plan, stderr_settings_); });
    live_.insert(child.get());
  } catch (const SpawnError& error) {
    return SpawnRefusal{false, error.what()};
  }
  observability::logInfo("process", "child started",
                         {{"command", request.command},
                          {"program", plan.program},
                          {"pid", static_cast<std::int64_t>(child->pid())}});
  return child;
}

int ProcessSpawner::close(std::unique_ptr<ChildProcess> child, std::uint32_t timeout_ms) {
  const pid_t pid = child->pid();
  const int exit_code = child->close(timeout_ms);
  {
    std::lock_guard lock(mutex_);
    live_.erase(child.get());
  }
  child.reset();
  observability::logInfo("process", "child ended",
                         {{"pid", static_cast<std::int64_t>(pid)}, {"exit_code", exit_code}});
  return exit_code;
}

void ProcessSpawner::terminateAll() noexcept {
  std::lock_guard lock(mutex_);
  shutting_down_ = true;
  if (live_.empty()) return;
  observability::logInfo("process", "ending every child",
                         {{"children", static_cast<std::uint64_t>(live_.size())}});
  // Signal every group first so they wind down in parallel, then give each the rest of the
  // grace period.
  std::vector<std::thread> enders;
  enders.reserve(live_.size());
  for (ChildProcess* child : live_)
    enders.emplace_back([child] { child->terminate(); });
  for (std::thread& ender : enders)
    ender.join();
}

std::size_t ProcessSpawner::liveCount() const {
  std::lock_guard lock(mutex_);
  return live_.size();
}

}  // namespace orchestra::plugins
