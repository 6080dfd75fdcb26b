// SQL for the durable runtime's writes (workflow_executions, execution_queue, node_executions),
// as statements prepared once on one session and re-run with new values for every row.
#pragma once

#include <Poco/Data/Session.h>

#include <memory>

#include "host/store/Dialect.hpp"
#include "host/store/ExecutionRows.hpp"

namespace orchestra::store {

// None of these begins or commits: the caller owns the transaction (the group-commit writer
// puts many rows in one). No SQL text is built or parsed per row.
//
// THREAD: one thread at a time, like the session. LIFETIME: `session` must outlive the
// repository; after a failed write, throw the repository away with the transaction and create a
// new one. Errors: StoreError, kind from the database (ForeignKeyViolation for a row whose
// execution does not exist, UniqueViolation for an id written twice).
class ExecutionRepository {
 public:
  // SQLite: statements prepared with SQLite's own API on the session's connection (measured in
  // tests/bench/group_commit_bench: Poco::Data re-prepares a re-executed statement, and the
  // node upsert costs ~4x the CPU). PostgreSQL: a Poco::Data statement per row (see why in
  // PocoExecutionRepository.cpp).
  static std::unique_ptr<ExecutionRepository> create(const Dialect& dialect,
                                                     Poco::Data::Session& session);
  virtual ~ExecutionRepository() = default;

  // The execution row and its queue entry (both, in the caller's transaction).
  virtual void insertExecution(const NewExecution& row) = 0;
  // Inserts the node execution row or updates it in place (see NodeExecutionState).
  virtual void saveNodeState(const NodeExecutionState& row) = 0;
  // Sets status, end time, duration and error; a finished status also deletes the queue
  // entry. StoreError when no such execution exists.
  virtual void updateExecutionStatus(const ExecutionStatusUpdate& row) = 0;
  // Appends one entry to the execution's log.
  virtual void appendLog(const ExecutionLogEntry& row) = 0;
};

}  // namespace orchestra::store
