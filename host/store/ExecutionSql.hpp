// The SQL text of the runtime's writes, in portable form (`?`), shared by the SQLite and the
// PostgreSQL implementation of ExecutionRepository so both run exactly the same statements.
#pragma once

namespace orchestra::store::execution_sql {

inline constexpr const char* kInsertExecution =
    "INSERT INTO workflow_executions (id, workspace_id, workflow_id, user_id, status, "
    "trigger_type, trigger_data, workflow_version, start_time, end_time, duration_ms, "
    "error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

// ON CONFLICT DO NOTHING: the loser sees 0 rows, not an error that would abort a PostgreSQL
// transaction shared with other executions' changes.
inline constexpr const char* kInsertCronTick =
    "INSERT INTO cron_ticks (workflow_id, node_id, tick_at) VALUES (?, ?, ?) "
    "ON CONFLICT DO NOTHING";

inline constexpr const char* kInsertQueueEntry =
    "INSERT INTO execution_queue (id, execution_id, workspace_id, priority, lease_owner, "
    "lease_expires_at, attempts, workflow_id, workflow_limit, workspace_limit) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

// An empty (NULL) value keeps the stored one: COALESCE with the row's own column.
inline constexpr const char* kUpsertNodeState =
    "INSERT INTO node_executions (id, execution_id, node_id, status, input_data, output_data, "
    "start_time, end_time, duration_ms, error_message, retry_count, scope, retry_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET status = excluded.status, "
    "input_data = COALESCE(excluded.input_data, node_executions.input_data), "
    "output_data = COALESCE(excluded.output_data, node_executions.output_data), "
    "start_time = COALESCE(excluded.start_time, node_executions.start_time), "
    "end_time = COALESCE(excluded.end_time, node_executions.end_time), "
    "duration_ms = COALESCE(excluded.duration_ms, node_executions.duration_ms), "
    "error_message = COALESCE(excluded.error_message, node_executions.error_message), "
    "retry_count = excluded.retry_count, retry_at = excluded.retry_at";

inline constexpr const char* kUpdateExecutionStatus =
    "UPDATE workflow_executions SET status = ?, start_time = COALESCE(?, start_time), "
    "end_time = ?, duration_ms = ?, error_message = ? WHERE id = ?";

inline constexpr const char* kInsertLogEntry =
    "INSERT INTO execution_logs (execution_id, level, node_id, message) VALUES (?, ?, ?, ?)";

inline constexpr const char* kDeleteQueueEntry =
    "DELETE FROM execution_queue WHERE execution_id = ?";

}  // namespace orchestra::store::execution_sql
