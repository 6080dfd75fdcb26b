#include "host/runtime/CompiledWorkflowCache.hpp"

namespace orchestra::runtime {

CompiledWorkflowCache::CompiledWorkflowCache(store::Database& database,
                                             const plugins::PluginRegistry& registry,
                                             const RuntimeSettings& settings, std::size_t capacity)
    : workflows_(database), registry_(registry), settings_(settings), capacity_(capacity) {}

CompileResult CompiledWorkflowCache::get(const std::string& workflow_id, std::int64_t version) {
  const std::string key = workflow_id + "@" + std::to_string(version);
  {
    std::lock_guard lock(mutex_);
    const auto found = entries_.find(key);
    if (found != entries_.end()) {
      recent_.splice(recent_.begin(), recent_, found->second.second);
      return {found->second.first, {}};
    }
  }
  const auto row = workflows_.version(workflow_id, version);
  if (!row) {
    return {nullptr, "version " + std::to_string(version) + " of workflow " + workflow_id +
                         " does not exist"};
  }
  CompileResult compiled =
      compileWorkflow(workflow_id, version, row->content.name, row->content.nodes,
                      row->content.connections, row->content.settings, registry_, settings_);
  if (!compiled.workflow) return compiled;
  std::lock_guard lock(mutex_);
  const auto [entry, inserted] = entries_.try_emplace(key);
  if (!inserted) return {entry->second.first, {}};
  recent_.push_front(key);
  entry->second = {compiled.workflow, recent_.begin()};
  if (entries_.size() > capacity_) {
    entries_.erase(recent_.back());
    recent_.pop_back();
  }
  return compiled;
}

}  // namespace orchestra::runtime
