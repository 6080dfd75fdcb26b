// The reads of execution history (workflow_executions, node_executions, execution_logs) that the
// Executions API answers with: one execution, filtered pages of executions, its node steps, its
// log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/store/Database.hpp"

namespace orchestra::store {

// One workflow execution as stored. Timestamps are normalised ISO-8601 UTC text; JSON is text.
struct ExecutionRecord {
  std::string id;
  std::string workspace_id;
  std::string workflow_id;
  std::string user_id;
  std::optional<std::int64_t> workflow_version;  // null for rows written before migration 0006
  std::string status;                            // pending, running, completed, failed, cancelled
  std::optional<std::string> trigger_type;
  std::optional<std::string> trigger_data_json;  // lists leave it out: null there
  std::optional<std::string> start_time;         // null while waiting in the queue
  std::optional<std::string> end_time;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> error_message;
  std::string created_at;
  bool cancel_requested = false;
};

// One step of an execution: a node, or one pass of a node inside a loop (`scope`).
struct NodeExecutionRecord {
  std::string id;
  std::string node_id;
  std::string scope;  // '' outside loops (see migration 0006)
  std::string status;
  std::optional<std::string> input_json;  // left out (null) unless asked for
  std::optional<std::string> output_json;
  std::optional<std::string> start_time;
  std::optional<std::string> end_time;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> error_message;
  std::int64_t retry_count = 0;
};

struct ExecutionLogRecord {
  std::int64_t id = 0;  // increases with every append: the cursor of a log reader
  std::string time;
  std::string level;  // debug, info, warning, error
  std::optional<std::string> node_id;
  std::string message;
};

// Every value must already be canonical: ids as canonicalUuid gives them, timestamps as
// utcTimestampFromIso8601 gives them (both databases compare them as such).
struct ExecutionListQuery {
  std::vector<std::string> workspace_ids;  // the scope; empty lists nothing
  std::optional<std::string> workflow_id;
  std::optional<std::string> status;
  std::optional<std::string> created_after;   // exclusive
  std::optional<std::string> created_before;  // exclusive
  std::int64_t limit = 20;
  std::int64_t offset = 0;
};

struct ExecutionPage {
  std::vector<ExecutionRecord> rows;  // newest first (created_at DESC, then id)
  std::int64_t total = 0;
};

struct NodeExecutionQuery {
  bool include_data = false;  // input and output: large, so only when the caller shows them
  std::int64_t limit = 20;
  std::int64_t offset = 0;
};

struct NodeExecutionPage {
  std::vector<NodeExecutionRecord> rows;  // by start time (not started last), node id, scope
  std::int64_t total = 0;
};

struct ExecutionLogQuery {
  std::optional<std::int64_t> after_id;  // only entries appended after this one
  std::int64_t limit = 100;
  std::int64_t offset = 0;
};

struct ExecutionLogPage {
  std::vector<ExecutionLogRecord> rows;  // in append order
  std::int64_t total = 0;                // entries after the cursor, when there is one
};

// THREAD: any; each call takes its own pooled session. Errors: StoreError.
class ExecutionQueryRepository {
 public:
  explicit ExecutionQueryRepository(Database& database) : database_(database) {}

  // nullopt for an unknown or malformed id.
  std::optional<ExecutionRecord> find(std::string_view id);
  // trigger_data is not read: a list shows summaries.
  ExecutionPage list(const ExecutionListQuery& query);
  // `execution_id` canonical (from a found execution).
  NodeExecutionPage nodes(const std::string& execution_id, const NodeExecutionQuery& query);
  ExecutionLogPage logs(const std::string& execution_id, const ExecutionLogQuery& query);

 private:
  Database& database_;
};

}  // namespace orchestra::store
