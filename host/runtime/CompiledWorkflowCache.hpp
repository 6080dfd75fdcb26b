// The plan's workflow definition cache: each (workflow, version) compiled once and shared by
// all its executions. An edit makes a new version and so a new entry; old ones age out.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "host/plugins/PluginRegistry.hpp"
#include "host/runtime/CompiledWorkflow.hpp"
#include "host/store/WorkflowRepository.hpp"

namespace orchestra::runtime {

// THREAD: any. A miss compiles outside the lock (two threads may compile the same version at
// once; the first stored wins). Errors: CompileResult::error, or StoreError from the database.
class CompiledWorkflowCache {
 public:
  CompiledWorkflowCache(store::Database& database, const plugins::PluginRegistry& registry,
                        const RuntimeSettings& settings, std::size_t capacity = 512);

  CompileResult get(const std::string& workflow_id, std::int64_t version);

 private:
  store::WorkflowRepository workflows_;
  const plugins::PluginRegistry& registry_;
  const RuntimeSettings& settings_;
  const std::size_t capacity_;
  std::mutex mutex_;
  std::list<std::string> recent_;  // most recently used first
  std::unordered_map<std::string, std::pair<std::shared_ptr<const CompiledWorkflow>,
                                            std::list<std::string>::iterator>>
      entries_;
};

}  // namespace orchestra::runtime
