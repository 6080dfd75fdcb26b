// ExecutionRepository on Poco::Data statements, bound by reference to members and re-executed:
// the PostgreSQL implementation (any dialect works; SQLite has a faster one of its own).
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>
#include <Poco/Types.h>

#include <string>

#include "host/store/ExecutionRepository.hpp"

namespace orchestra::store {

// Each write copies its row into members the statements are bound to, then re-executes them.
class PocoExecutionRepository final : public ExecutionRepository {
 public:
  PocoExecutionRepository(const Dialect& dialect, Poco::Data::Session& session);
  PocoExecutionRepository(const PocoExecutionRepository&) = delete;
  PocoExecutionRepository& operator=(const PocoExecutionRepository&) = delete;

  void insertExecution(const NewExecution& row) override;
  void saveNodeState(const NodeExecutionState& row) override;
  void updateExecutionStatus(const ExecutionStatusUpdate& row) override;

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
