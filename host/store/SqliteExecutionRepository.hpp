// ExecutionRepository for SQLite, on statements prepared once with SQLite's own API: the
// node upsert costs a quarter of the CPU it takes through Poco::Data, which re-prepares per run.
#pragma once

#include <Poco/Data/Session.h>

#include "host/store/ExecutionRepository.hpp"
#include "host/store/SqliteStatement.hpp"

namespace orchestra::store {

class SqliteExecutionRepository final : public ExecutionRepository {
 public:
  explicit SqliteExecutionRepository(Poco::Data::Session& session);

  void insertExecution(const NewExecution& row) override;
  void saveNodeState(const NodeExecutionState& row) override;
  void updateExecutionStatus(const ExecutionStatusUpdate& row) override;
  void appendLog(const ExecutionLogEntry& row) override;

 private:
  SqliteStatement insert_cron_tick_;
  SqliteStatement insert_execution_;
  SqliteStatement insert_queue_entry_;
  SqliteStatement upsert_node_state_;
  SqliteStatement update_execution_status_;
  SqliteStatement delete_queue_entry_;
  SqliteStatement insert_log_entry_;
};

}  // namespace orchestra::store
