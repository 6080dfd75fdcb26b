#include "host/store/ExecutionRepository.hpp"

#include "host/store/SqlValues.hpp"

namespace orchestra::store {

using Poco::Nullable;
using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

namespace {

template <typename T>
Nullable<T> nullableOf(const std::optional<T>& value) {
  return value ? Nullable<T>(*value) : Nullable<T>();
}

Nullable<Poco::Int64> nullableOf(const std::optional<std::int64_t>& value) {
  return value ? Nullable<Poco::Int64>(static_cast<Poco::Int64>(*value)) : Nullable<Poco::Int64>();
}

// Runs the statement; the error context is built only on failure (no allocation per row).
template <typename Describe>
std::size_t executeOrThrow(const Dialect& dialect, Statement& statement, Describe&& describe) {
  try {
    return statement.execute();
  } catch (const Poco::Exception& error) {
    throw dialect.translate(error, describe());
  }
}

}  // namespace

ExecutionRepository::ExecutionRepository(const Dialect& dialect, Session& session)
    : dialect_(dialect),
      insert_execution_(session),
      insert_queue_entry_(session),
      upsert_node_state_(session),
      update_execution_status_(session),
      delete_queue_entry_(session) {
  NewExecution& e = execution_;
  insert_execution_ << dialect_.sql(
      "INSERT INTO workflow_executions (id, workspace_id, workflow_id, "
      "user_id, status, trigger_type, trigger_data) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)"),
      use(e.id), use(e.workspace_id), use(e.workflow_id), use(e.user_id), use(e.status),
      use(e.trigger_type), use(e.trigger_data_json);
  insert_queue_entry_ << dialect_.sql(
      "INSERT INTO execution_queue (id, execution_id, workspace_id, "
      "priority) VALUES (?, ?, ?, ?)"),
      use(e.queue_entry_id), use(e.id), use(e.workspace_id), use(e.priority);

  // An empty optional keeps the stored value: COALESCE with the row's own column.
  NodeValues& n = node_;
  upsert_node_state_ << dialect_.sql(
      "INSERT INTO node_executions (id, execution_id, node_id, status, "
      "input_data, output_data, start_time, end_time, duration_ms, "
      "error_message, retry_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (id) DO UPDATE SET status = excluded.status, "
      "input_data = COALESCE(excluded.input_data, node_executions.input_data), "
      "output_data = COALESCE(excluded.output_data, "
      "node_executions.output_data), "
      "start_time = COALESCE(excluded.start_time, node_executions.start_time), "
      "end_time = COALESCE(excluded.end_time, node_executions.end_time), "
      "duration_ms = COALESCE(excluded.duration_ms, "
      "node_executions.duration_ms), "
      "error_message = COALESCE(excluded.error_message, "
      "node_executions.error_message), "
      "retry_count = excluded.retry_count"),
      use(n.id), use(n.execution_id), use(n.node_id), use(n.status), use(n.input), use(n.output),
      use(n.start_time), use(n.end_time), use(n.duration_ms), use(n.error_message),
      use(n.retry_count);

  StatusValues& s = status_;
  update_execution_status_ << dialect_.sql(
      "UPDATE workflow_executions SET status = ?, end_time = ?, "
      "duration_ms = ?, error_message = ? WHERE id = ?"),
      use(s.status), use(s.end_time), use(s.duration_ms), use(s.error_message), use(s.execution_id);
  delete_queue_entry_ << dialect_.sql("DELETE FROM execution_queue WHERE execution_id = ?"),
      use(s.execution_id);
}

void ExecutionRepository::insertExecution(const NewExecution& row) {
  execution_ = row;
  const auto describe = [&] { return "cannot insert execution " + row.id; };
  executeOrThrow(dialect_, insert_execution_, describe);
  executeOrThrow(dialect_, insert_queue_entry_, describe);
}

void ExecutionRepository::saveNodeState(const NodeExecutionState& row) {
  node_.id = row.id;
  node_.execution_id = row.execution_id;
  node_.node_id = row.node_id;
  node_.status = row.status;
  node_.input = nullableOf(row.input_json);
  node_.output = nullableOf(row.output_json);
  node_.start_time = nullableOf(row.start_time);
  node_.end_time = nullableOf(row.end_time);
  node_.duration_ms = nullableOf(row.duration_ms);
  node_.error_message = nullableOf(row.error_message);
  node_.retry_count = row.retry_count;
  executeOrThrow(dialect_, upsert_node_state_, [&] {
    return "cannot save node " + row.node_id + " of execution " + row.execution_id;
  });
}

void ExecutionRepository::updateExecutionStatus(const ExecutionStatusUpdate& row) {
  status_.execution_id = row.execution_id;
  status_.status = row.status;
  status_.end_time = nullableOf(row.end_time);
  status_.duration_ms = nullableOf(row.duration_ms);
  status_.error_message = nullableOf(row.error_message);
  const auto describe = [&] {
    return "cannot set status " + row.status + " of execution " + row.execution_id;
  };
  if (executeOrThrow(dialect_, update_execution_status_, describe) != 1) {
    throw StoreError(describe() + ": no such execution");
  }
  if (isFinishedExecutionStatus(row.status)) {
    executeOrThrow(dialect_, delete_queue_entry_, describe);
  }
}

}  // namespace orchestra::store
