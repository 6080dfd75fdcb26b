// The durable runtime of one instance: queues executions (row and queue entry in one commit),
// runs them on a bounded set of execution threads, claims abandoned or delayed ones from the
// shared queue with a lease, renews its leases, carries cancel requests to running nodes, and
// tells waiters (webhooks answering when finished, `orchestra run`) how each one ended.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "host/bus/EventBus.hpp"
#include "host/config/Environment.hpp"
#include "host/plugins/PluginRegistry.hpp"
#include "host/runtime/CompiledWorkflowCache.hpp"
#include "host/runtime/ConcurrencyLimits.hpp"
#include "host/runtime/ExecutionDriver.hpp"
#include "host/runtime/GroupCommitWriter.hpp"
#include "host/runtime/NodeThreads.hpp"
#include "host/runtime/RuntimeMetrics.hpp"
#include "host/runtime/RuntimeSettings.hpp"
#include "host/store/Database.hpp"
#include "host/store/ExecutionQueueRepository.hpp"

namespace orchestra::runtime {

struct StartRequest {
  std::string workspace_id;
  std::string workflow_id;
  std::string user_id;
  std::int64_t workflow_version = 1;
  std::string trigger_type = "manual";
  std::string trigger_data_json = "{}";
  int priority = 0;
  // A cron trigger's tick, recorded with the execution (see store::NewExecution::cron_tick).
  std::optional<store::CronTickClaim> cron_tick;
  // The execution's id when the caller needs it before the start (to subscribe to its events
  // first); empty: a new one. A fresh UUID from store::newUuid() only.
  std::string execution_id;
  // With a waiter: whether the caller's thread may run the execution. A caller that streams
  // progress while it waits needs its thread, so says false.
  bool lend_caller_thread = true;
};

struct StartedExecution {
  std::string id;
  std::string workflow_id;
  std::string status = "pending";
  std::string created_at;
};

// How one execution ended, for a caller that waits for it.
class OutcomeWaiter {
 public:
  // nullopt when `timeout` passed first.
  std::optional<ExecutionOutcome> wait(std::chrono::milliseconds timeout);
  void deliver(const ExecutionOutcome& outcome);

 private:
  std::mutex mutex_;
  std::condition_variable delivered_;
  std::optional<ExecutionOutcome> outcome_;
};

class Runtime final : private ExecutionObserver {
 public:
  // `database`, `registry`, `bus` and `secrets` (null: executions read no secrets) must
  // outlive the runtime. Nothing runs before start().
  Runtime(store::Database& database, const plugins::PluginRegistry& registry,
          RuntimeSettings settings, bus::EventBus& bus, InlineCommits inline_commits,
          observability::Metrics& metrics, const config::Environment* environment = nullptr,
          SecretSource* secrets = nullptr);
  ~Runtime() override;
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  void start();
  // Stops claiming, lets running executions reach a durable point (at most `grace`), stops the
  // threads. Executions left unfinished stay queued and resume on the next start.
  void stop(std::chrono::milliseconds grace);

  // Queues an execution and answers once it is committed. With `waiter`, that waiter hears
  // how it ended, and when this instance has room the execution runs on the calling thread
  // (which would only wait otherwise): the call returns once it ended. Errors: ApiError 503
  // when the queue is full, StoreError from the database.
  // With request.cron_tick already recorded: throws StoreError of kind UniqueViolation and
  // starts nothing.
  StartedExecution startExecution(const StartRequest& request,
                                  std::shared_ptr<OutcomeWaiter> waiter = nullptr);
  // The caller stopped waiting (its timeout passed): its waiter is dropped, so an execution
  // that ends elsewhere (another instance claimed it) leaves nothing behind here.
  void forgetWaiter(const std::string& execution_id);
  // Requests cancellation; false when the execution is not pending or running.
  bool cancel(const std::string& execution_id);
  // A failed or cancelled execution runs again from its unfinished nodes.
  void retry(const std::string& execution_id, const std::string& workspace_id);

  // The execution as stored, or nullopt. Errors: StoreError.
  std::optional<store::QueuedExecution> findExecution(const std::string& id) {
    return queue_.load(id);
  }

  const std::string& owner() const { return owner_; }
  CompiledWorkflowCache& workflows() { return cache_; }
  std::int64_t queueDepth() { return queue_.depth(); }

 private:
  struct Ready {
    std::string execution_id;
    std::optional<store::QueuedExecution> record;  // known when this instance queued it
    // A caller that runs its execution on its own thread leaves the row to the run's first
    // commit (ExecutionDriver::writeWithFirstCommit).
    std::optional<store::NewExecution> unwritten;
  };

  void executionLoop();
  void claimLoop();
  void heartbeatLoop();
  // False when the execution's row, left to the run (Ready::unwritten), was never written.
  bool runOne(Ready ready);
  // An execution thread (or a lending caller) is done with its execution.
  void releaseSlot();
  void finish(const store::QueuedExecution& record, const ExecutionOutcome& outcome);
  // Returns an execution that could not run here to the queue (not counted as a host death).
  void giveBack(const std::string& execution_id);
  void failWithoutRunning(const store::QueuedExecution& record, const std::string& error);
  void startErrorWorkflow(const store::QueuedExecution& record, const std::string& error_workflow,
                          const std::string& error);
  std::string leaseUntil() const;
  void requestClaim();  // THREAD: any, with mutex_ held

  // ExecutionObserver: every durable change goes on the bus as the plan's message.
  void nodeChanged(const store::QueuedExecution& execution, const std::string& node_id,
                   const std::string& scope, const std::string& status,
                   const std::string& detail_json) override;
  void executionChanged(const store::QueuedExecution& execution, const std::string& status,
                        const std::string& detail_json) override;
  void nodeProgress(const std::string& execution_id, const std::string& node_id,
                    const std::string& event_json) override;
  void log(const store::QueuedExecution& execution, const std::string& level,
           const std::string& node_id, const std::string& message) override;

  store::Database& database_;
  const RuntimeSettings settings_;
  bus::EventBus& bus_;
  const std::string owner_;
  RuntimeMetrics metrics_;
  store::ExecutionQueueRepository queue_;
  CompiledWorkflowCache cache_;
  ConcurrencyLimits limits_;
  GroupCommitWriter writer_;
  NodeThreads node_threads_;
  DriverServices services_;

  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable ready_changed_;
  std::condition_variable idle_changed_;
  std::deque<Ready> ready_;
  std::size_t running_ = 0;  // executions taken by an execution thread
  // Entries in the shared queue (leased or not), counted at each claim; bounds new starts.
  std::size_t queued_estimate_ = 0;
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> cancel_flags_;  // running here
  std::map<std::string, std::shared_ptr<OutcomeWaiter>> waiters_;
  std::condition_variable claim_wake_;
  // Set to search the queue before the poll interval is up (a place freed, an entry queued).
  bool claim_requested_ = false;
  // Entries held back by their concurrency limit at the last pass: a finished execution may
  // have freed their place.
  bool limited_waiting_ = false;
  std::condition_variable heartbeat_wake_;

  std::vector<std::thread> threads_;
  bool started_ = false;
};

}  // namespace orchestra::runtime
