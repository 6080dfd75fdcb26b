#include "host/runtime/Runtime.hpp"

#include <Poco/Environment.h>
#include <Poco/Process.h>

#include <algorithm>

#include "host/errors/ApiError.hpp"
#include "host/observability/Logger.hpp"
#include "host/store/SqlValues.hpp"
#include "host/store/StoreError.hpp"
#include "host/store/Timestamp.hpp"
#include "host/store/WorkflowRepository.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::runtime {

namespace {

// How long a stopping host waits for the nodes still running on node threads once it told them
// to stop (their cancellation check turns true): a waiting node (core.delay polls every 50 ms,
// an HTTP call every 100 ms) returns well within it; one that ignores cancellation is left
// running and its plugin stays loaded (see plugins::pluginCallsInFlight).
constexpr std::chrono::milliseconds kNodeDrainGrace{3000};

std::string instanceOwnerId() {
  // Unique per process start: a restarted host never mistakes a dead run's lease for its own.
  return Poco::Environment::nodeName() + ":" + std::to_string(Poco::Process::id()) + ":" +
         store::newUuid().substr(0, 8);
}

GroupCommitSettings writerSettings(RuntimeMetrics& metrics) {
  GroupCommitSettings settings;
  settings.on_commit = [&metrics](std::size_t changes) { metrics.stateCommitted(changes); };
  return settings;
}

std::string isoAfter(std::chrono::milliseconds delay) {
  const std::int64_t seconds = (delay.count() + 999) / 1000;
  return store::utcTimestampFromNow(seconds);
}

}  // namespace

std::optional<ExecutionOutcome> OutcomeWaiter::wait(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  delivered_.wait_for(lock, timeout, [&] { return outcome_.has_value(); });
  return outcome_;
}

void OutcomeWaiter::deliver(const ExecutionOutcome& outcome) {
  std::lock_guard lock(mutex_);
  outcome_ = outcome;
  delivered_.notify_all();
}

Runtime::Runtime(store::Database& database, const plugins::PluginRegistry& registry,
                 RuntimeSettings settings, bus::EventBus& bus, InlineCommits inline_commits,
                 observability::Metrics& metrics, const config::Environment* environment,
                 SecretSource* secrets)
    : database_(database),
      settings_(std::move(settings)),
      bus_(bus),
      owner_(instanceOwnerId()),
      metrics_(metrics),
      queue_(database),
      cache_(database, registry, settings_),
      limits_(cache_, queue_),
      writer_(database, writerSettings(metrics_)),
      node_threads_(settings_.node_threads),
      services_{writer_,        node_threads_, settings_, *this,
                inline_commits, environment,   {},        secrets} {}

Runtime::~Runtime() {
  stop(std::chrono::milliseconds(0));
}

void Runtime::start() {
  if (started_) return;
  started_ = true;
  if (database_.dialect().kind() == store::DialectKind::Sqlite) {
    // One process owns a SQLite database: every lease found now is a dead run's.
    queue_.expireForeignLeases(owner_);
  }
  for (std::size_t i = 0; i < settings_.max_running_executions; ++i)
    threads_.emplace_back([this] { executionLoop(); });
  threads_.emplace_back([this] { claimLoop(); });
  threads_.emplace_back([this] { heartbeatLoop(); });
}

void Runtime::stop(std::chrono::milliseconds grace) {
  if (!started_ || stopping_.exchange(true)) return;
  {
    std::unique_lock lock(mutex_);
    ready_.clear();
    ready_changed_.notify_all();
    claim_wake_.notify_all();
    heartbeat_wake_.notify_all();
    idle_changed_.wait_for(lock, grace, [&] { return running_ == 0; });
  }
  for (std::thread& thread : threads_)
    thread.join();
  threads_.clear();
  // The executions gave up on their running nodes above (they stay leased and resume after a
  // restart); only now are those nodes told to stop, so no cancellation is ever recorded.
  if (!node_threads_.shutdown(kNodeDrainGrace)) {
    observability::logWarning("runtime", "nodes still running at stop; left to the exit",
                              {{"waited_ms", std::to_string(kNodeDrainGrace.count())}});
  }
  writer_.shutdown();
}

StartedExecution Runtime::startExecution(const StartRequest& request,
                                         std::shared_ptr<OutcomeWaiter> waiter) {
  if (stopping_.load()) throw errors::ApiError(503, "The host is shutting down");
  store::NewExecution row;
  row.id = request.execution_id.empty() ? store::newUuid() : request.execution_id;
  row.workspace_id = request.workspace_id;
  row.workflow_id = request.workflow_id;
  row.user_id = request.user_id;
  row.trigger_type = request.trigger_type;
  row.trigger_data_json = request.trigger_data_json;
  row.workflow_version = request.workflow_version;
  row.queue_entry_id = store::newTimeOrderedUuid();
  row.priority = request.priority;
  row.cron_tick = request.cron_tick;
  const ExecutionLimits limits =
      limits_.of(request.workspace_id, request.workflow_id, request.workflow_version);
  row.workflow_limit = limits.workflow;
  row.workspace_limit = limits.workspace;

  bool run_here = false;
  {
    std::lock_guard lock(mutex_);
    // Waiting here plus waiting in the shared queue (as last counted by the claim loop, plus
    // what this instance queued since): past the bound, refuse rather than grow without end.
    if (ready_.size() + queued_estimate_ >= settings_.max_queue_depth) {
      throw errors::ApiError(503, "Too many executions are waiting; try again later");
    }
    // Run at once when an execution thread is free; otherwise the shared queue holds it
    // until some instance has room (its entry unleased, claimable by all).
    // A limited execution always goes through the queue: only the serialised claim knows how
    // many of its workflow and workspace run across every instance.
    run_here =
        started_ && !limits.any() && running_ + ready_.size() < settings_.max_running_executions;
    // A caller that waits for the outcome lends its own thread: the execution runs on it,
    // without the hand-offs to an execution thread and back (a slot is taken now).
    if (run_here && waiter && request.lend_caller_thread) ++running_;
  }
  const bool run_on_caller = run_here && waiter != nullptr && request.lend_caller_thread;
  if (run_here) {
    row.lease_owner = owner_;
    row.lease_expires_at = leaseUntil();
  }
  const std::string created_at = store::utcNowTimestamp();
  // Run here on the caller's thread, the row waits for the run's first commit (one commit for
  // a graph of pure nodes); otherwise it is committed now, before anyone is told its id.
  if (!run_on_caller) {
    if (const auto error = writer_.submit(StateChange(row))) throw store::StoreError(*error);
  }

  StartedExecution started;
  started.id = row.id;
  started.workflow_id = row.workflow_id;
  started.created_at = created_at;
  std::unique_lock lock(mutex_);
  if (waiter) waiters_[row.id] = std::move(waiter);
  if (run_here) {
    store::QueuedExecution record;
    record.id = row.id;
    record.workspace_id = row.workspace_id;
    record.workflow_id = row.workflow_id;
    record.user_id = row.user_id;
    record.workflow_version = row.workflow_version;
    record.status = "pending";
    record.trigger_type = row.trigger_type;
    record.trigger_data_json = row.trigger_data_json;
    record.created_at = created_at;
    if (run_on_caller) {
      lock.unlock();
      const bool written = runOne({row.id, std::move(record), std::move(row)});
      releaseSlot();
      if (!written) {
        forgetWaiter(started.id);
        throw store::StoreError("the execution could not be stored",
                                store::StoreErrorKind::Unavailable);
      }
      return started;
    }
    ready_.push_back({row.id, std::move(record), std::nullopt});
    metrics_.setWaiting(ready_.size());
    ready_changed_.notify_one();
  } else {
    ++queued_estimate_;
    requestClaim();
  }
  return started;
}

void Runtime::forgetWaiter(const std::string& execution_id) {
  std::lock_guard lock(mutex_);
  waiters_.erase(execution_id);
}

bool Runtime::cancel(const std::string& execution_id) {
  if (!queue_.requestCancel(execution_id)) return false;
  std::lock_guard lock(mutex_);
  // Here: at once. Elsewhere: the instance holding the lease sees the flag at its heartbeat.
  if (const auto found = cancel_flags_.find(execution_id); found != cancel_flags_.end()) {
    found->second->store(true);
  }
  return true;
}

void Runtime::retry(const std::string& execution_id, const std::string& workspace_id) {
  const auto record = queue_.load(execution_id);
  if (!record) return;
  const ExecutionLimits limits =
      limits_.of(workspace_id, record->workflow_id, record->workflow_version);
  queue_.discardUnfinishedNodes(execution_id);
  queue_.requeue(execution_id, workspace_id, record->workflow_id, limits.workflow,
                 limits.workspace);
  std::lock_guard lock(mutex_);
  requestClaim();
}

void Runtime::requestClaim() {
  claim_requested_ = true;
  claim_wake_.notify_one();
}

std::string Runtime::leaseUntil() const {
  return isoAfter(settings_.lease);
}

void Runtime::executionLoop() {
  while (true) {
    Ready ready;
    {
      std::unique_lock lock(mutex_);
      ready_changed_.wait(lock, [&] { return stopping_.load() || !ready_.empty(); });
      if (stopping_.load()) return;
      ready = std::move(ready_.front());
      ready_.pop_front();
      ++running_;
      metrics_.setWaiting(ready_.size());
      metrics_.setRunning(running_);
    }
    runOne(std::move(ready));
    releaseSlot();
  }
}

void Runtime::releaseSlot() {
  std::lock_guard lock(mutex_);
  --running_;
  metrics_.setRunning(running_);
  idle_changed_.notify_all();
  // Room for one more: worth a search at once when executions wait for their limit (the
  // poll finds everything else).
  if (limited_waiting_) {
    requestClaim();
  } else {
    claim_wake_.notify_one();
  }
}

bool Runtime::runOne(Ready ready) {
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  bool written = !ready.unwritten.has_value();
  try {
    store::QueuedExecution record;
    std::vector<store::StoredNodeState> stored;
    if (ready.record) {
      record = std::move(*ready.record);
    } else {
      auto loaded = queue_.load(ready.execution_id);
      if (!loaded) return true;
      record = std::move(*loaded);
      if (store::isFinishedExecutionStatus(record.status)) return true;
      stored = queue_.nodeStates(record.id);
    }
    {
      std::lock_guard lock(mutex_);
      cancel_flags_[record.id] = cancelled;
    }
    const CompileResult compiled = cache_.get(record.workflow_id, record.workflow_version);
    if (!compiled.workflow) {
      if (ready.unwritten) written = !writer_.submit(StateChange(*ready.unwritten));
      if (written) failWithoutRunning(record, compiled.error);
    } else {
      ExecutionDriver driver(services_, compiled.workflow, record, std::move(stored), cancelled,
                             stopping_);
      if (ready.unwritten) driver.writeWithFirstCommit(std::move(*ready.unwritten));
      const auto run_started = std::chrono::steady_clock::now();
      const ExecutionOutcome outcome = driver.run();
      written = driver.persisted();
      if (!outcome.status.empty()) {
        metrics_.executionFinished(outcome.status, std::chrono::steady_clock::now() - run_started);
      }
      if (outcome.status.empty() && !stopping_.load()) giveBack(record.id);
      if (!outcome.status.empty()) {
        finish(record, outcome);
        if (outcome.status == "failed" && compiled.workflow->error_workflow_id) {
          startErrorWorkflow(record, *compiled.workflow->error_workflow_id, outcome.error);
        }
      }
    }
  } catch (const std::exception& error) {
    // The run could not even start (database away): it goes back to the queue for a later
    // claim, here or elsewhere.
    giveBack(ready.execution_id);
    text::JsonWriter message;
    message.beginObject().field("type", "error").field("message", error.what()).endObject();
    bus_.publish({"runtime", std::move(message).finish()});
  }
  std::lock_guard lock(mutex_);
  cancel_flags_.erase(ready.execution_id);
  return written;
}

void Runtime::giveBack(const std::string& execution_id) {
  try {
    queue_.release(execution_id, owner_, isoAfter(settings_.poll_interval * 10));
  } catch (const std::exception&) {
    // Still leased to this instance, which renews it: the next start (or, on PostgreSQL,
    // another instance once this one is gone) takes it.
  }
}

void Runtime::finish(const store::QueuedExecution& record, const ExecutionOutcome& outcome) {
  std::shared_ptr<OutcomeWaiter> waiter;
  {
    std::lock_guard lock(mutex_);
    const auto found = waiters_.find(record.id);
    if (found != waiters_.end()) {
      waiter = std::move(found->second);
      waiters_.erase(found);
    }
  }
  if (waiter) waiter->deliver(outcome);
}

void Runtime::failWithoutRunning(const store::QueuedExecution& record, const std::string& error) {
  store::ExecutionStatusUpdate failed;
  failed.execution_id = record.id;
  failed.status = "failed";
  failed.end_time = store::utcNowTimestamp();
  failed.duration_ms = 0;
  failed.error_message = error;
  if (!writer_.submit(StateChange(failed))) {
    executionChanged(record, "failed", "{}");
    ExecutionOutcome outcome;
    outcome.status = "failed";
    outcome.error = error;
    finish(record, outcome);
  }
}

void Runtime::startErrorWorkflow(const store::QueuedExecution& record,
                                 const std::string& error_workflow, const std::string& error) {
  store::WorkflowRepository workflows(database_);
  const auto target = workflows.find(error_workflow);
  // Only a workflow of the same workspace, and never itself (a failing handler would loop).
  if (!target || target->workspace_id != record.workspace_id || target->id == record.workflow_id) {
    return;
  }
  StartRequest request;
  request.workspace_id = record.workspace_id;
  request.workflow_id = target->id;
  request.user_id = record.user_id;
  request.workflow_version = target->version;
  request.trigger_type = "error";
  text::JsonWriter data;
  data.beginObject()
      .field("execution_id", record.id)
      .field("workflow_id", record.workflow_id)
      .field("error", error)
      .endObject();
  request.trigger_data_json = std::move(data).finish();
  startExecution(request);
}

void Runtime::claimLoop() {
  while (!stopping_.load()) {
    std::size_t room = 0;
    {
      std::unique_lock lock(mutex_);
      claim_wake_.wait_for(lock, settings_.poll_interval,
                           [&] { return stopping_.load() || claim_requested_; });
      if (stopping_.load()) return;
      claim_requested_ = false;
      const std::size_t taken = running_ + ready_.size();
      room =
          taken < settings_.max_running_executions ? settings_.max_running_executions - taken : 0;
    }
    if (room == 0) continue;
    try {
      const int wanted = static_cast<int>(std::min<std::size_t>(room, 100));
      const std::string now = store::utcNowTimestamp();
      bool limited_waiting = false;
      auto claimed = queue_.claimLimited(owner_, now, leaseUntil(), wanted, &limited_waiting);
      {
        std::lock_guard lock(mutex_);
        limited_waiting_ = limited_waiting;
      }
      if (static_cast<int>(claimed.size()) < wanted) {
        auto plain =
            queue_.claim(owner_, now, leaseUntil(), wanted - static_cast<int>(claimed.size()));
        claimed.insert(claimed.end(), plain.begin(), plain.end());
      }
      const std::int64_t depth = queue_.depth();
      {
        std::lock_guard lock(mutex_);
        queued_estimate_ = static_cast<std::size_t>(std::max<std::int64_t>(depth, 0));
      }
      metrics_.setQueueDepth(depth);
      for (const auto& claim : claimed) {
        // Claimed before and not finished: the host that held it died (or let it go).
        if (claim.attempts > 1) metrics_.leaseTakenOver();
        if (claim.attempts > settings_.max_host_deaths) {
          auto record = queue_.load(claim.execution_id);
          if (record) {
            failWithoutRunning(*record, "quarantined: the host running it stopped " +
                                            std::to_string(claim.attempts - 1) +
                                            " times before it finished");
          }
          continue;
        }
        std::lock_guard lock(mutex_);
        ready_.push_back({claim.execution_id, std::nullopt, std::nullopt});
        ready_changed_.notify_one();
      }
    } catch (const std::exception&) {
      // The database is away: try again at the next poll.
    }
  }
}

void Runtime::heartbeatLoop() {
  while (!stopping_.load()) {
    {
      std::unique_lock lock(mutex_);
      heartbeat_wake_.wait_for(lock, settings_.heartbeat, [&] { return stopping_.load(); });
    }
    if (stopping_.load()) return;
    try {
      queue_.renewLeases(owner_, leaseUntil());
      const auto to_cancel = queue_.cancelRequested(owner_);
      std::lock_guard lock(mutex_);
      for (const std::string& id : to_cancel) {
        if (const auto found = cancel_flags_.find(id); found != cancel_flags_.end()) {
          found->second->store(true);
        }
      }
    } catch (const std::exception&) {
      // Renewed at the next beat; a lease lapsing meanwhile lets another instance take over.
    }
  }
}

void Runtime::nodeChanged(const store::QueuedExecution& execution, const std::string& node_id,
                          const std::string& scope, const std::string& status,
                          const std::string& detail_json) {
  if (status == "retrying") metrics_.nodeRetried();
  text::JsonWriter message;
  message.beginObject()
      .field("type", "node_status")
      .field("execution_id", execution.id)
      .field("node_id", node_id)
      .field("status", status)
      .field("timestamp", store::utcNowTimestamp())
      .key("data")
      .beginObject()
      .field("scope", scope);
  message.key("detail").rawValue(detail_json.empty() ? std::string_view("{}") : detail_json);
  message.endObject().endObject();
  bus_.publish({"execution:" + execution.id, std::move(message).finish()});
}

void Runtime::executionChanged(const store::QueuedExecution& execution, const std::string& status,
                               const std::string& detail_json) {
  text::JsonWriter message;
  message.beginObject()
      .field("type", "execution_status")
      .field("execution_id", execution.id)
      .key("node_id")
      .null()
      .field("status", status)
      .field("timestamp", store::utcNowTimestamp())
      .key("data")
      .beginObject()
      .field("workflow_id", execution.workflow_id)
      .field("workspace_id", execution.workspace_id)
      .field("trigger_type", execution.trigger_type);
  message.key("detail").rawValue(detail_json.empty() ? std::string_view("{}") : detail_json);
  message.endObject().endObject();
  std::string payload = std::move(message).finish();
  bus_.publish({"execution:" + execution.id, payload});
  bus_.publish({"workspace:" + execution.workspace_id + ":executions", std::move(payload)});
}

void Runtime::nodeProgress(const std::string& execution_id, const std::string& node_id,
                           const std::string& event_json) {
  text::JsonWriter event;
  event.beginObject()
      .field("type", "node_progress")
      .field("execution_id", execution_id)
      .field("node_id", node_id)
      .field("status", "running")
      .field("timestamp", store::utcNowTimestamp());
  event.key("data").rawValue(event_json);
  event.endObject();
  bus_.publish({"execution:" + execution_id, std::move(event).finish()});
}

void Runtime::log(const store::QueuedExecution& execution, const std::string& level,
                  const std::string& node_id, const std::string& message) {
  text::JsonWriter event;
  event.beginObject().field("type", "log").field("execution_id", execution.id).key("node_id");
  if (node_id.empty()) {
    event.null();
  } else {
    event.value(node_id);
  }
  event.field("status", level)
      .field("timestamp", store::utcNowTimestamp())
      .key("data")
      .beginObject()
      .field("message", message)
      .endObject()
      .endObject();
  bus_.publish({"execution:" + execution.id, std::move(event).finish()});
}

}  // namespace orchestra::runtime
