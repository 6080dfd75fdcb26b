#include "host/store/PocoExecutionRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>
#include <Poco/Types.h>

#include <string>

#include "host/store/ExecutionSql.hpp"
#include "host/store/SqlValues.hpp"

// Why not one Statement per SQL, prepared once and re-executed with by-reference bindings:
// Poco 1.11 prepares a re-executed statement again anyway (PostgreSQL: a new PQprepare per
// execution; SQLite: a new sqlite3_prepare_v2), so reuse saves nothing measurable
// (tests/bench/group_commit_bench), and its PostgreSQL connector frees the previous result a
// second time when a re-executed statement fails (StatementExecutor::clearResults leaves the
// freed handle in place): a constraint violation on a reused statement crashes the host.

namespace orchestra::store {

using Poco::Nullable;
using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

namespace {

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
    : dialect_(dialect), session_(session) {}

void PocoExecutionRepository::insertExecution(const NewExecution& row) {
  const auto describe = [&] { return "cannot insert execution " + row.id; };
  int priority = row.priority;
  Poco::Int64 version = row.workflow_version;
  Nullable<std::string> lease_owner = toNullable(row.lease_owner);
  Nullable<std::string> lease_expires_at = toNullable(row.lease_expires_at);
  int attempts = row.lease_owner ? 1 : 0;
  if (row.cron_tick) {
    Statement tick(session_);
    tick << dialect_.sql(execution_sql::kInsertCronTick), useRef(row.cron_tick->workflow_id),
        useRef(row.cron_tick->node_id), useRef(row.cron_tick->tick_at);
    if (executeOrThrow(dialect_, tick, describe) == 0) throw cronTickTaken(*row.cron_tick);
  }
  int workflow_limit = row.workflow_limit;
  int workspace_limit = row.workspace_limit;
  Nullable<std::string> start_time = toNullable(row.start_time);
  Nullable<std::string> end_time = toNullable(row.end_time);
  Nullable<Poco::Int64> duration_ms = nullableOf(row.duration_ms);
  Nullable<std::string> error_message = toNullable(row.error_message);
  Statement execution(session_);
  execution << dialect_.sql(execution_sql::kInsertExecution), useRef(row.id),
      useRef(row.workspace_id), useRef(row.workflow_id), useRef(row.user_id), useRef(row.status),
      useRef(row.trigger_type), useRef(row.trigger_data_json), use(version), use(start_time),
      use(end_time), use(duration_ms), use(error_message);
  executeOrThrow(dialect_, execution, describe);
  if (isFinishedExecutionStatus(row.status)) return;  // ran to its end: no work left to queue
  Statement queue(session_);
  queue << dialect_.sql(execution_sql::kInsertQueueEntry), useRef(row.queue_entry_id),
      useRef(row.id), useRef(row.workspace_id), use(priority), use(lease_owner),
      use(lease_expires_at), use(attempts), useRef(row.workflow_id), use(workflow_limit),
      use(workspace_limit);
  executeOrThrow(dialect_, queue, describe);
}

void PocoExecutionRepository::saveNodeState(const NodeExecutionState& row) {
  Nullable<std::string> input = toNullable(row.input_json);
  Nullable<std::string> output = toNullable(row.output_json);
  Nullable<std::string> start_time = toNullable(row.start_time);
  Nullable<std::string> end_time = toNullable(row.end_time);
  Nullable<Poco::Int64> duration_ms = nullableOf(row.duration_ms);
  Nullable<std::string> error_message = toNullable(row.error_message);
  int retry_count = row.retry_count;
  Nullable<std::string> retry_at = toNullable(row.retry_at);
  Statement node(session_);
  node << dialect_.sql(execution_sql::kUpsertNodeState), useRef(row.id), useRef(row.execution_id),
      useRef(row.node_id), useRef(row.status), use(input), use(output), use(start_time),
      use(end_time), use(duration_ms), use(error_message), use(retry_count), useRef(row.scope),
      use(retry_at);
  executeOrThrow(dialect_, node, [&] {
    return "cannot save node " + row.node_id + " of execution " + row.execution_id;
  });
}

void PocoExecutionRepository::updateExecutionStatus(const ExecutionStatusUpdate& row) {
  const auto describe = [&] {
    return "cannot set status " + row.status + " of execution " + row.execution_id;
  };
  Nullable<std::string> start_time = toNullable(row.start_time);
  Nullable<std::string> end_time = toNullable(row.end_time);
  Nullable<Poco::Int64> duration_ms = nullableOf(row.duration_ms);
  Nullable<std::string> error_message = toNullable(row.error_message);
  Statement update(session_);
  update << dialect_.sql(execution_sql::kUpdateExecutionStatus), useRef(row.status),
      use(start_time), use(end_time), use(duration_ms), use(error_message),
      useRef(row.execution_id);
  if (executeOrThrow(dialect_, update, describe) != 1) {
    throw StoreError(describe() + ": no such execution");
  }
  if (isFinishedExecutionStatus(row.status)) {
    Statement dequeue(session_);
    dequeue << dialect_.sql(execution_sql::kDeleteQueueEntry), useRef(row.execution_id);
    executeOrThrow(dialect_, dequeue, describe);
  }
}

void PocoExecutionRepository::appendLog(const ExecutionLogEntry& row) {
  Nullable<std::string> node_id = toNullable(row.node_id);
  Statement insert(session_);
  insert << dialect_.sql(execution_sql::kInsertLogEntry), useRef(row.execution_id),
      useRef(row.level), use(node_id), useRef(row.message);
  executeOrThrow(dialect_, insert, [&] { return "cannot log to execution " + row.execution_id; });
}

}  // namespace orchestra::store
