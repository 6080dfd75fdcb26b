// SQL for the durable runtime's writes (workflow_executions, execution_queue, node_executions),
// as statements prepared once on one session and re-run with new values for every row.
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>
#include <Poco/Types.h>

#include <string>

#include "host/store/Dialect.hpp"
#include "host/store/ExecutionRows.hpp"

namespace orchestra::store {

// Each write copies its row into members the statements are bound to by reference, then
// re-executes the statement: no SQL text is built per row. None of these begins or commits:
// the caller owns the transaction (the group-commit writer puts many rows in one).
//
// THREAD: one thread at a time, like the session. LIFETIME: `session` must outlive this object;
// after a failed write, throw this object away with the transaction (a statement that threw may
// hold half-bound state) and prepare a new one. Errors: StoreError, kind from the database
// (ForeignKeyViolation for a row whose execution does not exist, UniqueViolation for an id
// written twice).
class ExecutionRepository {
 public:
  ExecutionRepository(const Dialect& dialect, Poco::Data::Session& session);
  ExecutionRepository(const ExecutionRepository&) = delete;
  ExecutionRepository& operator=(const ExecutionRepository&) = delete;

  // The execution row and its queue entry (both, in the caller's transaction).
  void insertExecution(const NewExecution& row);
  // Inserts the node execution row or updates it in place (see NodeExecutionState).
  void saveNodeState(const NodeExecutionState& row);
  // Sets status, end time, duration and error; a finished status also deletes the queue
  // entry. StoreError when no such execution exists.
  void updateExecutionStatus(const ExecutionStatusUpdate& row);

 private:
  const Dialect& dialect_;

  // The values the statements below are bound to; overwritten before every execute().
  NewExecution execution_;
  struct NodeValues {
    std::string id, execution_id, node_id, status;
    Poco::Nullable<std::string> input, output, start_time, end_time, error_message;
    Poco::Nullable<Poco::Int64> duration_ms;
    int retry_count = 0;
  } node_;
  struct StatusValues {
    std::string execution_id, status;
    Poco::Nullable<std::string> end_time, error_message;
    Poco::Nullable<Poco::Int64> duration_ms;
  } status_;

  Poco::Data::Statement insert_execution_;
  Poco::Data::Statement insert_queue_entry_;
  Poco::Data::Statement upsert_node_state_;
  Poco::Data::Statement update_execution_status_;
  Poco::Data::Statement delete_queue_entry_;
};

}  // namespace orchestra::store
