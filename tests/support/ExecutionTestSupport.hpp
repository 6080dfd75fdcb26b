// What runtime tests share: the execution and node rows read straight from the host's database
// (graphs are written with tests/support/WorkflowGraphs.hpp).
#pragma once

#include <Poco/Dynamic/Var.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "host/store/Database.hpp"
#include "tests/support/WorkflowGraphs.hpp"

namespace orchestra::testing {

struct StoredNode {
  std::string status;
  std::string output;  // the ports object as JSON text, or empty
  int retry_count = 0;
  std::string error;
  std::string start_time;  // 'YYYY-MM-DDTHH:MM:SS.sssZ', or empty
  std::string retry_at;    // when a node pending for a retry may run again, or empty
};

struct StoredExecution {
  std::string status;
  std::string error;
};

class ExecutionRows {
 public:
  explicit ExecutionRows(const config::DatabaseSettings& settings);

  StoredExecution execution(const std::string& id);
  // Polls until the execution is completed, failed or cancelled (or `timeout` passes).
  StoredExecution waitFinished(const std::string& id, std::chrono::milliseconds timeout);
  // node_id, or node_id[scope] inside loops → its row.
  std::map<std::string, StoredNode> nodes(const std::string& id);
  // How many executions have `status` (of `workflow_id`, when given).
  int countWithStatus(const std::string& status, const std::string& workflow_id = "");
  std::vector<std::string> idsOf(const std::string& workflow_id, const std::string& status);

  store::Database& database() { return *database_; }

 private:
  std::unique_ptr<store::Database> database_;
};

// The value of `port` in a node's stored output.
Poco::Dynamic::Var storedPortValue(const StoredNode& row, const std::string& port = "main");

}  // namespace orchestra::testing
