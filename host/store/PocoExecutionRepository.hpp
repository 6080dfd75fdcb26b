// ExecutionRepository on Poco::Data: the PostgreSQL implementation (any dialect works; SQLite
// has a faster one of its own). A fresh Statement per row, on purpose: see the .cpp.
#pragma once

#include <Poco/Data/Session.h>

#include "host/store/ExecutionRepository.hpp"

namespace orchestra::store {

class PocoExecutionRepository final : public ExecutionRepository {
 public:
  PocoExecutionRepository(const Dialect& dialect, Poco::Data::Session& session);

  void insertExecution(const NewExecution& row) override;
  void saveNodeState(const NodeExecutionState& row) override;
  void updateExecutionStatus(const ExecutionStatusUpdate& row) override;
  void appendLog(const ExecutionLogEntry& row) override;

 private:
  const Dialect& dialect_;
  Poco::Data::Session& session_;
};

}  // namespace orchestra::store
