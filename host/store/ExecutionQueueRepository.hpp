// The durable queue as the runtime's workers see it: claiming due or abandoned executions with
// a lease, renewing leases, noticing cancel requests, and loading what a resumed execution
// already did. (The writes of a running execution go through ExecutionRepository.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/store/Database.hpp"

namespace orchestra::store {

struct ClaimedExecution {
  std::string execution_id;
  int attempts = 0;  // claims so far, this one included
};

// What a worker needs to (re)start an execution.
struct QueuedExecution {
  std::string id;
  std::string workspace_id;
  std::string workflow_id;
  std::string user_id;
  std::int64_t workflow_version = 1;
  std::string status;
  std::string trigger_type;
  std::string trigger_data_json;
  std::optional<std::string> start_time;
  std::string created_at;
  bool cancel_requested = false;
};

// A node row written by an earlier run of the execution.
struct StoredNodeState {
  std::string id;
  std::string node_id;
  std::string scope;
  std::string status;
  std::optional<std::string> input_json;
  std::optional<std::string> output_json;
  std::optional<std::string> start_time;
  std::optional<std::string> error_message;
  int retry_count = 0;
  std::optional<std::string> retry_at;  // pending for a retry: not before then
};

// THREAD: any; each call takes a pooled session. Errors: StoreError.
class ExecutionQueueRepository {
 public:
  explicit ExecutionQueueRepository(Database& database) : database_(database) {}

  // Leases up to `limit` entries that are due (never leased, available_at passed) or whose
  // lease, held by another owner, expired; highest priority first; counts the claim in
  // `attempts`. PostgreSQL skips rows another instance is claiming (FOR UPDATE SKIP LOCKED).
  // An entry `owner` holds is never claimed again by it, even when a late heartbeat let its
  // lease lapse: this instance is still running it.
  // Entries with a concurrency limit are left to claimLimited.
  std::vector<ClaimedExecution> claim(const std::string& owner, const std::string& now,
                                      const std::string& lease_until, int limit);
  // Leases up to `limit` entries that carry a concurrency limit, in the same order as claim,
  // each only while fewer than its limit of its workflow (workspace) hold a live lease. The
  // pass is serialised across instances (PostgreSQL advisory lock; SQLite's write lock), so
  // two instances never both take the last free place. `waiting` (optional) is set to whether
  // limited entries stay due after this pass.
  std::vector<ClaimedExecution> claimLimited(const std::string& owner, const std::string& now,
                                             const std::string& lease_until, int limit,
                                             bool* waiting = nullptr);
  // Extends every lease `owner` holds; returns how many it holds.
  std::size_t renewLeases(const std::string& owner, const std::string& lease_until);
  // Lets go of every lease held by owners other than `owner` at once: on SQLite the database
  // belongs to one process, so a lease found at start-up is a dead host's.
  std::size_t expireForeignLeases(const std::string& owner);
  // Gives one execution back to the queue, due at `available_at` (a retry waiting for its
  // delay), without counting that claim as a host death.
  void release(const std::string& execution_id, const std::string& owner,
               const std::string& available_at);
  // The executions leased by `owner` whose cancellation was requested.
  std::vector<std::string> cancelRequested(const std::string& owner);
  // Marks the execution for cancellation; false when it is not waiting or running.
  bool requestCancel(const std::string& execution_id);
  // Puts a failed execution back in the queue (retry): status pending, not leased.
  // The entry keeps the execution's workflow and the limits given.
  void requeue(const std::string& execution_id, const std::string& workspace_id,
               const std::string& workflow_id, int workflow_limit, int workspace_limit);
  // settings.max_concurrent_executions of the workspace (PATCH /workspaces/{id}), 0 when it has
  // none (or no such workspace).
  int workspaceConcurrencyLimit(const std::string& workspace_id);
  std::int64_t depth();

  std::optional<QueuedExecution> load(const std::string& execution_id);
  std::vector<StoredNodeState> nodeStates(const std::string& execution_id);
  // Removes the node rows that did not complete, so a retry runs those nodes afresh.
  void discardUnfinishedNodes(const std::string& execution_id);

 private:
  Database& database_;
};

}  // namespace orchestra::store
