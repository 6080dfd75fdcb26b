// Runs one execution of a compiled workflow to its end on the calling thread: finds ready
// nodes, runs them (inline or on the node threads with a deadline), follows the emitted ports,
// iterates loop bodies, retries by error class, and persists every step through the
// group-commit writer. Resumes from the node rows an earlier, interrupted run left.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "host/config/Environment.hpp"
#include "host/runtime/CompiledWorkflow.hpp"
#include "host/runtime/GroupCommitWriter.hpp"
#include "host/runtime/NodeThreads.hpp"
#include "host/runtime/RuntimeSettings.hpp"
#include "host/runtime/SecretSource.hpp"
#include "host/store/ExecutionQueueRepository.hpp"

namespace orchestra::runtime {

// When the results of inline nodes are committed. `Each`: before anything downstream runs
// (one commit per node). `Together` (default): with the next durable point — before a node
// that is not inline starts, whenever the execution waits, and when it ends. Inline nodes are
// the configured pure, trusted types, so one whose result a crash lost runs again with the
// same input and gives the same output; nothing a node did outside the host is ever repeated
// because of it.
enum class InlineCommits { Each, Together };

// Where a running execution reports what happened, after it is durable. THREAD: any.
class ExecutionObserver {
 public:
  virtual ~ExecutionObserver() = default;
  // A node's state changed (status: running, completed, failed, skipped, cancelled, retrying).
  virtual void nodeChanged(const store::QueuedExecution& execution, const std::string& node_id,
                           const std::string& scope, const std::string& status,
                           const std::string& detail_json) = 0;
  virtual void executionChanged(const store::QueuedExecution& execution, const std::string& status,
                                const std::string& detail_json) = 0;
  virtual void log(const store::QueuedExecution& execution, const std::string& level,
                   const std::string& node_id, const std::string& message) = 0;
  // A running node's progress event (host_exec_emit_progress: streamed AI text ...), already
  // redacted; live only, never stored.
  // THREAD: the node's thread, possibly after the driver gave up on the node (a timeout).
  virtual void nodeProgress(const std::string& execution_id, const std::string& node_id,
                            const std::string& event_json) = 0;
};

struct DriverServices {
  GroupCommitWriter& writer;
  NodeThreads& node_threads;
  const RuntimeSettings& settings;
  ExecutionObserver& observer;
  InlineCommits inline_commits = InlineCommits::Together;
  const config::Environment* environment = nullptr;
  std::span<const std::string> allowed_environment;
  // {{ secrets.NAME }} and host_secret read the execution's workspace here; null: no secrets.
  SecretSource* secrets = nullptr;
};

struct ExecutionOutcome {
  // completed, failed, cancelled; or empty when the run stopped without finishing (the host is
  // stopping or the state could not be written): the execution stays queued for a resume.
  std::string status;
  std::string error;
  std::string output_json = "null";  // the sink nodes' output (one: its value; more: by id)
};

class ExecutionDriver {
 public:
  ExecutionDriver(DriverServices& services, std::shared_ptr<const CompiledWorkflow> workflow,
                  store::QueuedExecution execution, std::vector<store::StoredNodeState> stored,
                  std::shared_ptr<std::atomic<bool>> cancelled,
                  const std::atomic<bool>& host_stopping);
  ~ExecutionDriver();
  ExecutionDriver(const ExecutionDriver&) = delete;
  ExecutionDriver& operator=(const ExecutionDriver&) = delete;

  ExecutionOutcome run();

  // The execution's own row when the caller did not write it: it goes with the run's first
  // commit, which comes before any node with side effects starts, so an execution of pure nodes
  // costs one commit. Until then the execution exists nowhere but here.
  void writeWithFirstCommit(store::NewExecution row);
  // False while a row given to writeWithFirstCommit is still unwritten (the first commit
  // failed, or the run stopped before it).
  bool persisted() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace orchestra::runtime
