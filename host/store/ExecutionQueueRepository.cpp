#include "host/store/ExecutionQueueRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "host/store/SqlValues.hpp"
#include "host/store/Timestamp.hpp"

namespace orchestra::store {

using Poco::Nullable;
using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

std::vector<ClaimedExecution> ExecutionQueueRepository::claim(const std::string& owner,
                                                              const std::string& now,
                                                              const std::string& lease_until,
                                                              int limit) {
  const Dialect& dialect = database_.dialect();
  const std::string lock = dialect.kind() == DialectKind::Postgres ? " FOR UPDATE SKIP LOCKED" : "";
  const std::string sql =
      "UPDATE execution_queue SET lease_owner = ?, lease_expires_at = ?, "
      "attempts = attempts + 1 WHERE id IN (SELECT id FROM execution_queue WHERE "
      "(lease_owner IS NULL AND available_at <= ?) OR "
      "(lease_owner IS NOT NULL AND lease_owner <> ? AND lease_expires_at < ?) "
      "ORDER BY priority DESC, available_at LIMIT ?" +
      lock + ") RETURNING execution_id, attempts";
  return translatingErrors(dialect, "cannot claim executions", [&] {
    return database_.withTransaction([&](Session& session) {
      std::vector<std::string> ids;
      std::vector<int> attempts;
      Statement statement(session);
      statement << dialect.sql(sql), useRef(owner), useRef(lease_until), useRef(now), useRef(owner),
          useRef(now), use(limit), into(ids), into(attempts);
      statement.execute();
      std::vector<ClaimedExecution> claimed;
      for (std::size_t i = 0; i < ids.size(); ++i)
        claimed.push_back({ids[i], attempts[i]});
      return claimed;
    });
  });
}

std::size_t ExecutionQueueRepository::renewLeases(const std::string& owner,
                                                  const std::string& lease_until) {
  const Dialect& dialect = database_.dialect();
  return translatingErrors(dialect, "cannot renew leases", [&] {
    Session session = database_.session();
    Statement statement(session);
    statement << dialect.sql(
        "UPDATE execution_queue SET lease_expires_at = ? WHERE lease_owner = ?"),
        useRef(lease_until), useRef(owner);
    return statement.execute();
  });
}

std::size_t ExecutionQueueRepository::expireForeignLeases(const std::string& owner) {
  const Dialect& dialect = database_.dialect();
  return translatingErrors(dialect, "cannot take over leases", [&] {
    Session session = database_.session();
    Statement statement(session);
    statement << dialect.sql(
        "UPDATE execution_queue SET lease_owner = NULL, lease_expires_at = NULL "
        "WHERE lease_owner IS NOT NULL AND lease_owner <> ?"),
        useRef(owner);
    return statement.execute();
  });
}

void ExecutionQueueRepository::release(const std::string& execution_id, const std::string& owner,
                                       const std::string& available_at) {
  const Dialect& dialect = database_.dialect();
  translatingErrors(dialect, "cannot release execution " + execution_id, [&] {
    Session session = database_.session();
    Statement statement(session);
    statement << dialect.sql(
        "UPDATE execution_queue SET lease_owner = NULL, lease_expires_at = NULL, "
        "available_at = ?, attempts = CASE WHEN attempts > 0 THEN attempts - 1 "
        "ELSE 0 END WHERE execution_id = ? AND lease_owner = ?"),
        useRef(available_at), useRef(execution_id), useRef(owner);
    statement.execute();
  });
}

std::vector<std::string> ExecutionQueueRepository::cancelRequested(const std::string& owner) {
  const Dialect& dialect = database_.dialect();
  return translatingErrors(dialect, "cannot read cancel requests", [&] {
    Session session = database_.session();
    std::vector<std::string> ids;
    Statement statement(session);
    statement << dialect.sql(
        "SELECT q.execution_id FROM execution_queue q JOIN workflow_executions e "
        "ON e.id = q.execution_id WHERE q.lease_owner = ? AND "
        "e.cancel_requested = TRUE"),
        useRef(owner), into(ids);
    statement.execute();
    return ids;
  });
}

bool ExecutionQueueRepository::requestCancel(const std::string& execution_id) {
  const Dialect& dialect = database_.dialect();
  return translatingErrors(dialect, "cannot cancel execution " + execution_id, [&] {
    Session session = database_.session();
    Statement statement(session);
    statement << dialect.sql(
        "UPDATE workflow_executions SET cancel_requested = TRUE WHERE id = ? AND "
        "status IN ('pending', 'running')"),
        useRef(execution_id);
    return statement.execute() == 1;
  });
}

void ExecutionQueueRepository::requeue(const std::string& execution_id,
                                       const std::string& workspace_id) {
  const Dialect& dialect = database_.dialect();
  translatingErrors(dialect, "cannot requeue execution " + execution_id, [&] {
    database_.withTransaction([&](Session& session) {
      Statement reset(session);
      reset << dialect.sql(
          "UPDATE workflow_executions SET status = 'pending', end_time = NULL, "
          "duration_ms = NULL, error_message = NULL, cancel_requested = FALSE "
          "WHERE id = ?"),
          useRef(execution_id);
      reset.execute();
      const std::string queue_id = newUuid();
      Statement queue(session);
      queue << dialect.sql(
          "INSERT INTO execution_queue (id, execution_id, workspace_id) VALUES (?, ?, ?)"),
          useRef(queue_id), useRef(execution_id), useRef(workspace_id);
      queue.execute();
    });
  });
}

std::int64_t ExecutionQueueRepository::depth() {
  const Dialect& dialect = database_.dialect();
  return translatingErrors(dialect, "cannot count the queue", [&] {
    Session session = database_.session();
    Poco::Int64 count = 0;
    Statement statement(session);
    statement << "SELECT COUNT(*) FROM execution_queue", into(count);
    statement.execute();
    return static_cast<std::int64_t>(count);
  });
}

std::optional<QueuedExecution> ExecutionQueueRepository::load(const std::string& execution_id) {
  const Dialect& dialect = database_.dialect();
  return translatingErrors(dialect, "cannot load execution " + execution_id, [&] {
    Session session = database_.session();
    std::vector<std::string> ids;
    std::vector<std::string> workspace_ids;
    std::vector<std::string> workflow_ids;
    std::vector<std::string> user_ids;
    std::vector<Poco::Int64> versions;
    std::vector<std::string> statuses;
    std::vector<std::string> trigger_types;
    std::vector<Nullable<std::string>> trigger_data;
    std::vector<Nullable<std::string>> start_times;
    std::vector<Nullable<std::string>> created_ats;
    std::vector<int> cancel_requested;
    Statement statement(session);
    statement << dialect.sql(
        "SELECT id, workspace_id, workflow_id, user_id, "
        "COALESCE(workflow_version, 1), COALESCE(status, 'pending'), "
        "COALESCE(trigger_type, ''), " +
        dialect.jsonAsText("trigger_data") +
        ", start_time, created_at, CASE WHEN cancel_requested THEN 1 "
        "ELSE 0 END FROM workflow_executions WHERE id = ?"),
        useRef(execution_id), into(ids), into(workspace_ids), into(workflow_ids), into(user_ids),
        into(versions), into(statuses), into(trigger_types), into(trigger_data), into(start_times),
        into(created_ats), into(cancel_requested);
    statement.execute();
    if (ids.empty()) return std::optional<QueuedExecution>();
    QueuedExecution record;
    record.id = ids[0];
    record.workspace_id = workspace_ids[0];
    record.workflow_id = workflow_ids[0];
    record.user_id = user_ids[0];
    record.workflow_version = versions[0];
    record.status = statuses[0];
    record.trigger_type = trigger_types[0];
    record.trigger_data_json =
        trigger_data[0].isNull() ? std::string("{}") : trigger_data[0].value();
    record.start_time = toOptionalTimestamp(start_times[0]);
    record.created_at = toOptionalTimestamp(created_ats[0]).value_or("");
    record.cancel_requested = cancel_requested[0] != 0;
    return std::optional<QueuedExecution>(std::move(record));
  });
}

std::vector<StoredNodeState> ExecutionQueueRepository::nodeStates(const std::string& execution_id) {
  const Dialect& dialect = database_.dialect();
  return translatingErrors(dialect, "cannot load the nodes of execution " + execution_id, [&] {
    Session session = database_.session();
    std::vector<std::string> ids;
    std::vector<std::string> node_ids;
    std::vector<std::string> scopes;
    std::vector<Nullable<std::string>> statuses;
    std::vector<Nullable<std::string>> inputs;
    std::vector<Nullable<std::string>> outputs;
    std::vector<Nullable<std::string>> start_times;
    std::vector<Nullable<std::string>> errors;
    std::vector<Nullable<int>> retry_counts;
    Statement statement(session);
    statement << dialect.sql("SELECT id, node_id, scope, status, " +
                             dialect.jsonAsText("input_data") + ", " +
                             dialect.jsonAsText("output_data") +
                             ", start_time, error_message, retry_count FROM node_executions "
                             "WHERE execution_id = ?"),
        useRef(execution_id), into(ids), into(node_ids), into(scopes), into(statuses), into(inputs),
        into(outputs), into(start_times), into(errors), into(retry_counts);
    statement.execute();
    std::vector<StoredNodeState> states(ids.size());
    for (std::size_t row = 0; row < ids.size(); ++row) {
      StoredNodeState& state = states[row];
      state.id = ids[row];
      state.node_id = node_ids[row];
      state.scope = scopes[row];
      state.status = statuses[row].isNull() ? std::string("pending") : statuses[row].value();
      state.input_json = toOptional(inputs[row]);
      state.output_json = toOptional(outputs[row]);
      state.start_time = toOptionalTimestamp(start_times[row]);
      state.error_message = toOptional(errors[row]);
      state.retry_count = retry_counts[row].isNull() ? 0 : retry_counts[row].value();
    }
    return states;
  });
}

void ExecutionQueueRepository::discardUnfinishedNodes(const std::string& execution_id) {
  const Dialect& dialect = database_.dialect();
  translatingErrors(dialect, "cannot reset the nodes of execution " + execution_id, [&] {
    Session session = database_.session();
    Statement statement(session);
    statement << dialect.sql(
        "DELETE FROM node_executions WHERE execution_id = ? AND status NOT IN "
        "('completed', 'skipped')"),
        useRef(execution_id);
    statement.execute();
  });
}

}  // namespace orchestra::store
