#include "tests/support/ExecutionTestSupport.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <thread>

#include "host/store/Timestamp.hpp"

namespace orchestra::testing {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::useRef;

ExecutionRows::ExecutionRows(const config::DatabaseSettings& settings)
    : database_(std::make_unique<store::Database>(settings)) {}

StoredExecution ExecutionRows::execution(const std::string& id) {
  Poco::Data::Session session = database_->session();
  std::vector<std::string> statuses;
  std::vector<std::string> errors;
  Poco::Data::Statement select(session);
  select << database_->dialect().sql(
      "SELECT status, COALESCE(error_message, '') FROM workflow_executions WHERE id = ?"),
      useRef(id), into(statuses), into(errors);
  select.execute();
  if (statuses.empty()) return {};
  return {statuses.front(), errors.front()};
}

StoredExecution ExecutionRows::waitFinished(const std::string& id,
                                            std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    StoredExecution row = execution(id);
    if (row.status == "completed" || row.status == "failed" || row.status == "cancelled") {
      return row;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return execution(id);
}

std::map<std::string, StoredNode> ExecutionRows::nodes(const std::string& id) {
  const store::Dialect& dialect = database_->dialect();
  Poco::Data::Session session = database_->session();
  Poco::Data::Statement select(session);
  // PostgreSQL's TIMESTAMP as text ('2026-11-30 06:00:00.123'), normalized below.
  const bool postgres = dialect.kind() == store::DialectKind::Postgres;
  const std::string start_time = postgres ? "start_time::text" : "start_time";
  const std::string retry_at = postgres ? "retry_at::text" : "retry_at";
  select << dialect.sql("SELECT node_id, scope, status, COALESCE(" +
                        dialect.jsonAsText("output_data") +
                        ", ''), retry_count, COALESCE(error_message, ''), " + start_time + ", " +
                        retry_at + " FROM node_executions WHERE execution_id = ?"),
      useRef(id);
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::map<std::string, StoredNode> found;
  for (std::size_t i = 0; i < rows.rowCount(); ++i) {
    auto key = rows.value(0, i).convert<std::string>();
    const auto scope = rows.value(1, i).convert<std::string>();
    if (!scope.empty()) key += "[" + scope + "]";
    StoredNode row;
    row.status = rows.value(2, i).convert<std::string>();
    row.output = rows.value(3, i).convert<std::string>();
    row.retry_count = rows.value(4, i).convert<int>();
    row.error = rows.value(5, i).convert<std::string>();
    if (!rows.value(6, i).isEmpty()) {
      row.start_time = store::normalizeTimestamp(rows.value(6, i).convert<std::string>());
    }
    if (!rows.value(7, i).isEmpty()) {
      row.retry_at = store::normalizeTimestamp(rows.value(7, i).convert<std::string>());
    }
    found[key] = row;
  }
  return found;
}

int ExecutionRows::countWithStatus(const std::string& status, const std::string& workflow_id) {
  Poco::Data::Session session = database_->session();
  int count = 0;
  Poco::Data::Statement select(session);
  if (workflow_id.empty()) {
    select << database_->dialect().sql("SELECT COUNT(*) FROM workflow_executions WHERE status = ?"),
        useRef(status), into(count);
  } else {
    select << database_->dialect().sql(
        "SELECT COUNT(*) FROM workflow_executions WHERE status = ? AND workflow_id = ?"),
        useRef(status), useRef(workflow_id), into(count);
  }
  select.execute();
  return count;
}

std::vector<std::string> ExecutionRows::idsOf(const std::string& workflow_id,
                                              const std::string& status) {
  Poco::Data::Session session = database_->session();
  std::vector<std::string> ids;
  Poco::Data::Statement select(session);
  select << database_->dialect().sql(
      "SELECT id FROM workflow_executions WHERE workflow_id = ? AND status = ?"),
      useRef(workflow_id), useRef(status), into(ids);
  select.execute();
  return ids;
}

Poco::Dynamic::Var storedPortValue(const StoredNode& row, const std::string& port) {
  Poco::JSON::Parser parser;
  const auto ports = parser.parse(row.output).extract<Poco::JSON::Object::Ptr>();
  return ports->get(port);
}

}  // namespace orchestra::testing
