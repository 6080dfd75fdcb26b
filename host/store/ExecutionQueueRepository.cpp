#include "host/store/ExecutionQueueRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <map>

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
      "workflow_limit = 0 AND workspace_limit = 0 AND ("
      "(lease_owner IS NULL AND available_at <= ?) OR "
      "(lease_owner IS NOT NULL AND lease_owner <> ? AND lease_expires_at < ?)) "
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

std::vector<ClaimedExecution> ExecutionQueueRepository::claimLimited(const std::string& owner,
                                                                     const std::string& now,
                                                                     const std::string& lease_until,
                                                                     int limit, bool* waiting) {
  // Looked at per pass: enough to fill `limit` places past entries blocked by their limit.
  constexpr int kCandidates = 200;
  constexpr long long kClaimLockKey = 0x6f72636871756575;  // "orchqueu"
  if (waiting != nullptr) *waiting = false;
  const Dialect& dialect = database_.dialect();
  const std::string due =
      "(workflow_limit > 0 OR workspace_limit > 0) AND ("
      "(lease_owner IS NULL AND available_at <= ?) OR "
      "(lease_owner IS NOT NULL AND lease_owner <> ? AND lease_expires_at < ?))";
  return translatingErrors(dialect, "cannot claim limited executions", [&] {
    // Most queues hold no limited entry: a read through idx_queue_limited says so without
    // taking the write lock that the pass below needs.
    {
      Session session = database_.session();
      std::vector<std::string> any;
      Statement probe(session);
      probe << dialect.sql("SELECT id FROM execution_queue WHERE " + due + " LIMIT 1"), useRef(now),
          useRef(owner), useRef(now), into(any);
      probe.execute();
      if (any.empty()) return std::vector<ClaimedExecution>{};
    }
    return database_.withTransaction([&](Session& session) {
      if (dialect.kind() == DialectKind::Postgres) {
        session << "SELECT pg_advisory_xact_lock(" + std::to_string(kClaimLockKey) + ")", now;
      }
      std::vector<std::string> ids;
      std::vector<std::string> execution_ids;
      std::vector<std::string> workspace_ids;
      std::vector<Nullable<std::string>> workflow_ids;
      std::vector<int> workflow_limits;
      std::vector<int> workspace_limits;
      int wanted = kCandidates;
      Statement candidates(session);
      candidates << dialect.sql(
          "SELECT id, execution_id, workspace_id, workflow_id, workflow_limit, workspace_limit "
          "FROM execution_queue WHERE " +
          due + " ORDER BY priority DESC, available_at LIMIT ?"),
          useRef(now), useRef(owner), useRef(now), use(wanted), into(ids), into(execution_ids),
          into(workspace_ids), into(workflow_ids), into(workflow_limits), into(workspace_limits);
      candidates.execute();

      // What runs now: entries under a live lease, by workflow and by workspace.
      std::map<std::string, int> running_by_workflow;
      std::map<std::string, int> running_by_workspace;
      const auto count = [&](const char* column, const std::string& key) {
        Poco::Int64 running = 0;
        Statement statement(session);
        statement << dialect.sql(std::string("SELECT COUNT(*) FROM execution_queue WHERE ") +
                                 column +
                                 " = ? AND lease_owner IS NOT NULL AND lease_expires_at >= ?"),
            useRef(key), useRef(now), into(running);
        statement.execute();
        return static_cast<int>(running);
      };
      std::vector<ClaimedExecution> claimed;
      std::size_t blocked = 0;
      for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::string workflow = workflow_ids[i].isNull() ? "" : workflow_ids[i].value();
        int* by_workflow = nullptr;
        if (workflow_limits[i] > 0 && !workflow.empty()) {
          auto [found, fresh] = running_by_workflow.try_emplace(workflow, 0);
          if (fresh) found->second = count("workflow_id", workflow);
          by_workflow = &found->second;
        }
        auto [by_workspace, fresh] = running_by_workspace.try_emplace(workspace_ids[i], 0);
        if (fresh) by_workspace->second = count("workspace_id", workspace_ids[i]);
        const bool over = (by_workflow != nullptr && *by_workflow >= workflow_limits[i]) ||
                          (workspace_limits[i] > 0 && by_workspace->second >= workspace_limits[i]);
        if (over || static_cast<int>(claimed.size()) >= limit) {
          ++blocked;
          continue;
        }
        int attempts = 0;
        Statement lease(session);
        lease << dialect.sql(
            "UPDATE execution_queue SET lease_owner = ?, lease_expires_at = ?, "
            "attempts = attempts + 1 WHERE id = ? RETURNING attempts"),
            useRef(owner), useRef(lease_until), useRef(ids[i]), into(attempts);
        lease.execute();
        if (by_workflow != nullptr) ++*by_workflow;
        ++by_workspace->second;
        claimed.push_back({execution_ids[i], attempts});
      }
      if (waiting != nullptr) {
        *waiting = blocked > 0 || static_cast<int>(ids.size()) == kCandidates;
      }
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
                                       const std::string& workspace_id,
                                       const std::string& workflow_id, int workflow_limit,
                                       int workspace_limit) {
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
          "INSERT INTO execution_queue (id, execution_id, workspace_id, workflow_id, "
          "workflow_limit, workspace_limit) VALUES (?, ?, ?, ?, ?, ?)"),
          useRef(queue_id), useRef(execution_id), useRef(workspace_id), useRef(workflow_id),
          use(workflow_limit), use(workspace_limit);
      queue.execute();
    });
  });
}

int ExecutionQueueRepository::workspaceConcurrencyLimit(const std::string& workspace_id) {
  const Dialect& dialect = database_.dialect();
  const std::string settings = translatingErrors(dialect, "cannot read workspace settings", [&] {
    Session session = database_.session();
    Nullable<std::string> text;
    Statement statement(session);
    statement << dialect.sql("SELECT " + dialect.jsonAsText("settings") +
                             " FROM workspaces WHERE id = ?"),
        useRef(workspace_id), into(text);
    statement.execute();
    return text.isNull() ? std::string() : text.value();
  });
  if (settings.empty()) return 0;
  try {
    Poco::JSON::Parser parser;
    const auto object = parser.parse(settings).extract<Poco::JSON::Object::Ptr>();
    if (object.isNull() || !object->has("max_concurrent_executions")) return 0;
    const Poco::Dynamic::Var value = object->get("max_concurrent_executions");
    if (!value.isInteger()) return 0;
    const auto limit = value.convert<std::int64_t>();
    return limit > 0 ? static_cast<int>(std::min<std::int64_t>(limit, 1'000'000)) : 0;
  } catch (const Poco::Exception&) {
    return 0;  // settings the API did not write: no limit rather than no executions
  }
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
    std::vector<Nullable<std::string>> retry_ats;
    Statement statement(session);
    statement << dialect.sql("SELECT id, node_id, scope, status, " +
                             dialect.jsonAsText("input_data") + ", " +
                             dialect.jsonAsText("output_data") +
                             ", start_time, error_message, retry_count, retry_at "
                             "FROM node_executions WHERE execution_id = ?"),
        useRef(execution_id), into(ids), into(node_ids), into(scopes), into(statuses), into(inputs),
        into(outputs), into(start_times), into(errors), into(retry_counts), into(retry_ats);
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
      state.retry_at = toOptionalTimestamp(retry_ats[row]);
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
