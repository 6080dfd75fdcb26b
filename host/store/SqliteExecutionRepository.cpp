#include "host/store/SqliteExecutionRepository.hpp"

#include "host/store/ExecutionSql.hpp"

namespace orchestra::store {

SqliteExecutionRepository::SqliteExecutionRepository(Poco::Data::Session& session)
    : insert_cron_tick_(session, execution_sql::kInsertCronTick),
      insert_execution_(session, execution_sql::kInsertExecution),
      insert_queue_entry_(session, execution_sql::kInsertQueueEntry),
      upsert_node_state_(session, execution_sql::kUpsertNodeState),
      update_execution_status_(session, execution_sql::kUpdateExecutionStatus),
      delete_queue_entry_(session, execution_sql::kDeleteQueueEntry),
      insert_log_entry_(session, execution_sql::kInsertLogEntry) {}

void SqliteExecutionRepository::insertExecution(const NewExecution& row) {
  const auto describe = [&] { return "cannot insert execution " + row.id; };
  if (row.cron_tick) {
    SqliteStatement& tick = insert_cron_tick_;
    tick.bind(1, row.cron_tick->workflow_id);
    tick.bind(2, row.cron_tick->node_id);
    tick.bind(3, row.cron_tick->tick_at);
    if (tick.execute(describe) == 0) throw cronTickTaken(*row.cron_tick);
  }
  SqliteStatement& execution = insert_execution_;
  execution.bind(1, row.id);
  execution.bind(2, row.workspace_id);
  execution.bind(3, row.workflow_id);
  execution.bind(4, row.user_id);
  execution.bind(5, row.status);
  execution.bind(6, row.trigger_type);
  execution.bind(7, row.trigger_data_json);
  execution.bind(8, row.workflow_version);
  execution.bind(9, row.start_time);
  execution.bind(10, row.end_time);
  execution.bind(11, row.duration_ms);
  execution.bind(12, row.error_message);
  execution.execute(describe);
  if (isFinishedExecutionStatus(row.status)) return;  // ran to its end: no work left to queue
  SqliteStatement& queue = insert_queue_entry_;
  queue.bind(1, row.queue_entry_id);
  queue.bind(2, row.id);
  queue.bind(3, row.workspace_id);
  queue.bind(4, std::int64_t{row.priority});
  queue.bind(5, row.lease_owner);
  queue.bind(6, row.lease_expires_at);
  queue.bind(7, std::int64_t{row.lease_owner ? 1 : 0});
  queue.bind(8, row.workflow_id);
  queue.bind(9, std::int64_t{row.workflow_limit});
  queue.bind(10, std::int64_t{row.workspace_limit});
  queue.execute(describe);
}

void SqliteExecutionRepository::saveNodeState(const NodeExecutionState& row) {
  SqliteStatement& node = upsert_node_state_;
  node.bind(1, row.id);
  node.bind(2, row.execution_id);
  node.bind(3, row.node_id);
  node.bind(4, row.status);
  node.bind(5, row.input_json);
  node.bind(6, row.output_json);
  node.bind(7, row.start_time);
  node.bind(8, row.end_time);
  node.bind(9, row.duration_ms);
  node.bind(10, row.error_message);
  node.bind(11, std::int64_t{row.retry_count});
  node.bind(12, row.scope);
  node.bind(13, row.retry_at);
  node.execute(
      [&] { return "cannot save node " + row.node_id + " of execution " + row.execution_id; });
}

void SqliteExecutionRepository::updateExecutionStatus(const ExecutionStatusUpdate& row) {
  const auto describe = [&] {
    return "cannot set status " + row.status + " of execution " + row.execution_id;
  };
  SqliteStatement& update = update_execution_status_;
  update.bind(1, row.status);
  update.bind(2, row.start_time);
  update.bind(3, row.end_time);
  update.bind(4, row.duration_ms);
  update.bind(5, row.error_message);
  update.bind(6, row.execution_id);
  if (update.execute(describe) != 1) throw StoreError(describe() + ": no such execution");
  if (isFinishedExecutionStatus(row.status)) {
    delete_queue_entry_.bind(1, row.execution_id);
    delete_queue_entry_.execute(describe);
  }
}

void SqliteExecutionRepository::appendLog(const ExecutionLogEntry& row) {
  SqliteStatement& insert = insert_log_entry_;
  insert.bind(1, row.execution_id);
  insert.bind(2, row.level);
  insert.bind(3, row.node_id);
  insert.bind(4, row.message);
  insert.execute([&] { return "cannot log to execution " + row.execution_id; });
}

}  // namespace orchestra::store
