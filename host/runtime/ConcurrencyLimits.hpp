// The concurrency limits an execution is queued under: settings.concurrency_limit of its
// workflow (from the compiled version it runs) and settings.max_concurrent_executions of its
// workspace (read at most once per `workspace_ttl` per workspace, so a start costs no query).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "host/runtime/CompiledWorkflowCache.hpp"
#include "host/store/ExecutionQueueRepository.hpp"

namespace orchestra::runtime {

struct ExecutionLimits {
  int workflow = 0;   // 0: none
  int workspace = 0;  // 0: none

  bool any() const { return workflow > 0 || workspace > 0; }
};

// THREAD: any.
class ConcurrencyLimits {
 public:
  ConcurrencyLimits(CompiledWorkflowCache& workflows, store::ExecutionQueueRepository& queue,
                    std::chrono::milliseconds workspace_ttl = std::chrono::seconds(2))
      : workflows_(workflows), queue_(queue), workspace_ttl_(workspace_ttl) {}

  // A version that does not compile has no workflow limit (it fails when it runs). Errors:
  // StoreError when the workspace's settings cannot be read.
  ExecutionLimits of(const std::string& workspace_id, const std::string& workflow_id,
                     std::int64_t version);

 private:
  struct Remembered {
    int limit = 0;
    std::chrono::steady_clock::time_point read_at;
  };

  int workspaceLimit(const std::string& workspace_id);

  CompiledWorkflowCache& workflows_;
  store::ExecutionQueueRepository& queue_;
  const std::chrono::milliseconds workspace_ttl_;
  std::mutex mutex_;
  std::unordered_map<std::string, Remembered> workspaces_;
};

}  // namespace orchestra::runtime
