#include "host/store/PocoExecutionRepository.hpp"

#include "host/store/ExecutionSql.hpp"
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

PocoExecutionRepository::PocoExecutionRepository(const Dialect& dialect, Session& session)
    : dialect_(dialect),
      insert_execution_(session),
      insert_queue_entry_(session),
      upsert_node_state_(session),
      update_execution_status_(session),
      delete_queue_entry_(session) {
  NewExecution& e = execution_;
  insert_execution_ << dialect_.sql(execution_sql::kInsertExecution), use(e.id),
      use(e.workspace_id), use(e.workflow_id), use(e.user_id), use(e.status), use(e.trigger_type),
      use(e.trigger_data_json);
  insert_queue_entry_ << dialect_.sql(execution_sql::kInsertQueueEntry), use(e.queue_entry_id),
      use(e.id), use(e.workspace_id), use(e.priority);

  NodeValues& n = node_;
  upsert_node_state_ << dialect_.sql(execution_sql::kUpsertNodeState), use(n.id),
      use(n.execution_id), use(n.node_id), use(n.status), use(n.input), use(n.output),
      use(n.start_time), use(n.end_time), use(n.duration_ms), use(n.error_message),
      use(n.retry_count);

  StatusValues& s = status_;
  update_execution_status_ << dialect_.sql(execution_sql::kUpdateExecutionStatus), use(s.status),
      use(s.end_time), use(s.duration_ms), use(s.error_message), use(s.execution_id);
  delete_queue_entry_ << dialect_.sql(execution_sql::kDeleteQueueEntry), use(s.execution_id);
}

void PocoExecutionRepository::insertExecution(const NewExecution& row) {
  execution_ = row;
  const auto describe = [&] { return "cannot insert execution " + row.id; };
  executeOrThrow(dialect_, insert_execution_, describe);
  executeOrThrow(dialect_, insert_queue_entry_, describe);
}

void PocoExecutionRepository::saveNodeState(const NodeExecutionState& row) {
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

void PocoExecutionRepository::updateExecutionStatus(const ExecutionStatusUpdate& row) {
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
