// What runtime tests share: workflow graphs written compactly (nodes, edges), and the
// execution and node rows read straight from the host's database.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "host/store/Database.hpp"

namespace orchestra::testing {

// One node of a studio graph (position fixed; the runtime ignores it). `extra` adds members
// beside `data`, e.g. R"("timeout_ms":300)".
std::string graphNode(const std::string& id, const std::string& type, const std::string& data,
                      const std::string& extra = "");
std::string graphEdge(const std::string& source, const std::string& target,
                      const std::string& source_handle = "", const std::string& target_handle = "");
// `"nodes":[...],"connections":[...]` for a workflow body.
std::string graphMembers(const std::vector<std::string>& nodes,
                         const std::vector<std::string>& edges);

struct StoredNode {
  std::string status;
  std::string output;  // the ports object as JSON text, or empty
  int retry_count = 0;
  std::string error;
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
