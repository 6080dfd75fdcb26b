// Starts child processes for plugins under the operator's SpawnRules and keeps a registry of
// the live ones, so that host shutdown ends every process group it ever started.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <variant>

#include "host/plugins/ChildProcess.hpp"
#include "host/plugins/SpawnRules.hpp"

namespace orchestra::plugins {

class ProcessSpawner {
 public:
  ProcessSpawner(SpawnRules rules, StderrRelaySettings stderr_settings);
  // Ends every child still registered (terminateAll) and the launcher thread.
  ~ProcessSpawner();
  ProcessSpawner(const ProcessSpawner&) = delete;
  ProcessSpawner& operator=(const ProcessSpawner&) = delete;

  const SpawnRules& rules() const { return rules_; }

  // A started child, or why not (refused by the rules, or SpawnError's message).
  std::variant<std::unique_ptr<ChildProcess>, SpawnRefusal> spawn(const SpawnRequest& request);
  // Closes `child` (ChildProcess::close), forgets it and returns its exit status.
  int close(std::unique_ptr<ChildProcess> child, std::uint32_t timeout_ms);

  // Host shutdown: SIGTERM every live group, SIGKILL what is left after the grace period, reap.
  // Later spawns are refused. The ChildProcess objects stay valid for their owners to close.
  void terminateAll() noexcept;

  std::size_t liveCount() const;

 private:
  // Runs `task` on the launcher thread and waits for it. Children are forked there because
  // Linux sends PR_SET_PDEATHSIG when the forking thread ends, and request threads come and go.
  void runOnLauncher(const std::function<void()>& task);
  void launcherLoop();

  SpawnRules rules_;
  StderrRelaySettings stderr_settings_;
  mutable std::mutex mutex_;
  std::set<ChildProcess*> live_;
  bool shutting_down_ = false;

  std::mutex launcher_mutex_;
  std::condition_variable launcher_wakeup_;
  std::deque<std::function<void()>> launcher_tasks_;
  bool launcher_stopping_ = false;
  std::thread launcher_;
};

}  // namespace orchestra::plugins
