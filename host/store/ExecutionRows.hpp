// The rows the durable runtime writes while executions run: a new execution with its queue
// entry, a node execution's state, an execution's status, a log entry. Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "host/store/StoreError.hpp"

namespace orchestra::store {

// A new workflow execution and the queue entry that makes a worker pick it up: always written
// together, in one transaction (a queued id without its execution, or the reverse, never exists).
// The cron tick an execution fires: recorded in the execution's own transaction, so a tick is
// either fired with its execution queued, or not at all (and another scan or instance fires it).
struct CronTickClaim {
  std::string workflow_id;
  std::string node_id;
  std::string tick_at;  // 'YYYY-MM-DDTHH:MM:SS.sssZ'
};

// The error of an insert whose cron tick another scan or instance recorded first.
StoreError cronTickTaken(const CronTickClaim& tick);

struct NewExecution {
  std::string id;  // UUIDs chosen by the caller (newUuid()): the 202 answer carries the id
  std::string workspace_id;
  std::string workflow_id;
  std::string user_id;
  std::string status = "pending";
  std::string trigger_type;              // manual, webhook, cron, event
  std::string trigger_data_json = "{}";  // valid JSON text
  std::int64_t workflow_version = 1;     // the saved version it runs
  std::string queue_entry_id;            // execution_queue.id
  int priority = 0;                      // higher is claimed first
  // The concurrency limits in force when it was queued (settings.concurrency_limit of the
  // workflow and of the workspace; 0: none). A limited entry is claimed only while fewer than
  // its limit of the same workflow (workspace) run.
  int workflow_limit = 0;
  int workspace_limit = 0;
  // When set, the row goes in only if this call records the tick; a tick recorded before makes
  // the insert fail with StoreErrorKind::UniqueViolation (and nothing is written).
  std::optional<CronTickClaim> cron_tick;
  // Set when the submitting instance runs it at once: the entry is born leased (attempts 1),
  // so no other instance claims it while that lease is renewed.
  std::optional<std::string> lease_owner;
  std::optional<std::string> lease_expires_at;  // ISO-8601 UTC
  // Set when the row is written after its run began (a caller ran it on its own thread and
  // the row went with the run's first commit): the status that commit also records (running,
  // or where it ended) and its times, in the row itself instead of updates in the same
  // transaction. A finished execution gets no queue entry: the queue holds only work left.
  std::optional<std::string> start_time;  // ISO-8601 UTC
  std::optional<std::string> end_time;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> error_message;
};

// One node's state within an execution. The first change for a node_execution_id inserts its
// row, later ones update it (an upsert): the runtime writes "running", then "completed" with
// the output, without first asking whether the row exists. Empty optionals keep what the row
// already holds, so the completion need not repeat the input.
struct NodeExecutionState {
  std::string id;  // node_executions.id, one per (execution, node)
  std::string execution_id;
  std::string node_id;  // the node's id in the workflow graph
  std::string scope;    // which loop pass: "" outside loops, "3" item 3 of a foreach, "3/1" nested
  std::string status;   // pending, running, completed, failed, skipped, cancelled
  std::optional<std::string> input_json;
  std::optional<std::string> output_json;
  std::optional<std::string> start_time;  // ISO-8601 UTC
  std::optional<std::string> end_time;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> error_message;
  int retry_count = 0;
  // Pending for a retry: when it may run again (ISO-8601 UTC). Every save writes it, so a row
  // without one clears it.
  std::optional<std::string> retry_at;
};

// An execution's new status. A finished one (completed, failed, cancelled) also leaves the
// queue in the same transaction: the queue holds only executions with work left.
struct ExecutionStatusUpdate {
  std::string execution_id;
  std::string status;                     // pending, running, completed, failed, cancelled
  std::optional<std::string> start_time;  // kept when empty
  std::optional<std::string> end_time;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> error_message;
};

// One entry of an execution's log.
struct ExecutionLogEntry {
  std::string execution_id;
  std::string level;  // debug, info, warning, error
  std::optional<std::string> node_id;
  std::string message;
};

// True for the statuses after which an execution never runs again.
bool isFinishedExecutionStatus(const std::string& status) noexcept;

}  // namespace orchestra::store
