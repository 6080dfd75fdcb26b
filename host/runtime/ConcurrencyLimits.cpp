#include "host/runtime/ConcurrencyLimits.hpp"

namespace orchestra::runtime {

ExecutionLimits ConcurrencyLimits::of(const std::string& workspace_id,
                                      const std::string& workflow_id, std::int64_t version) {
  ExecutionLimits limits;
  const CompileResult compiled = workflows_.get(workflow_id, version);
  if (compiled.workflow) limits.workflow = compiled.workflow->concurrency_limit;
  limits.workspace = workspaceLimit(workspace_id);
  return limits;
}

int ConcurrencyLimits::workspaceLimit(const std::string& workspace_id) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    const auto found = workspaces_.find(workspace_id);
    if (found != workspaces_.end() && now - found->second.read_at < workspace_ttl_) {
      return found->second.limit;
    }
  }
  const int limit = queue_.workspaceConcurrencyLimit(workspace_id);
  std::lock_guard lock(mutex_);
  // Bounded by the number of workspaces that start executions within one TTL; the stale ones
  // go when the map grows past a few thousand.
  if (workspaces_.size() > 4096) {
    for (auto it = workspaces_.begin(); it != workspaces_.end();) {
      it = now - it->second.read_at >= workspace_ttl_ ? workspaces_.erase(it) : std::next(it);
    }
  }
  workspaces_[workspace_id] = {limit, now};
  return limit;
}

}  // namespace orchestra::runtime
