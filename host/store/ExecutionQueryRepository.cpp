#include "host/store/ExecutionQueryRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <utility>
#include <variant>

#include "host/store/SqlValues.hpp"

namespace orchestra::store {

using Poco::Nullable;
using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

namespace {

// The bound values of one query, in placeholder order (Poco binds by reference: they live in
// the vector for as long as the statement).
using SqlParameter = std::variant<std::string, Poco::Int64>;
using SqlParameters = std::vector<SqlParameter>;

std::optional<std::int64_t> toOptionalInteger(const Nullable<Poco::Int64>& value) {
  if (value.isNull()) return std::nullopt;
  return value.value();
}

// Runs a SELECT and turns each row into `Columns::row()`: through the connection's prepared
// statement on SQLite (hot reads: Poco would parse the SQL every time), Poco::Data on PostgreSQL.
template <typename Columns>
auto selectRows(Database& database, Session& session, const std::string& sql, const char* context,
                SqlParameters& parameters) {
  std::vector<decltype(std::declval<const Columns&>().row())> rows;
  Columns columns;
  if (auto* statements = database.sqliteStatements()) {
    auto query = statements->query(session, sql, context);
    for (const auto& parameter : parameters)
      std::visit([&query](const auto& value) { query.bind(value); }, parameter);
    while (query.next()) {
      columns.readFrom(query);
      rows.push_back(columns.row());
    }
    return rows;
  }
  Statement statement(session);
  statement << sql;
  for (auto& parameter : parameters)
    std::visit([&statement](auto& value) { statement, use(value); }, parameter);
  columns.bindInto(statement);
  statement, range(0, 1);
  translatingErrors(database.dialect(), context, [&] {
    // One row per execute(): the same columns struct is refilled each time.
    while (!statement.done()) {
      if (statement.execute() == 0) break;
      rows.push_back(columns.row());
    }
  });
  return rows;
}

// The single number a SELECT COUNT(*) returns.
Poco::Int64 selectCount(Database& database, Session& session, const std::string& sql,
                        const char* context, SqlParameters& parameters) {
  Poco::Int64 total = 0;
  if (auto* statements = database.sqliteStatements()) {
    auto query = statements->query(session, sql, context);
    for (const auto& parameter : parameters)
      std::visit([&query](const auto& value) { query.bind(value); }, parameter);
    if (query.next()) query >> total;
    return total;
  }
  Statement statement(session);
  statement << sql;
  for (auto& parameter : parameters)
    std::visit([&statement](auto& value) { statement, use(value); }, parameter);
  statement, into(total);
  translatingErrors(database.dialect(), context, [&] { return statement.execute(); });
  return total;
}

// Counts the rows `from_where` selects, then reads the page of them unless it lies past the end
// (an offset beyond the total costs one count, not a scan). `parameters` belong to `from_where`.
template <typename Columns, typename Page>
Page selectPage(Database& database, const std::string& columns, const std::string& from_where,
                const std::string& order_by, SqlParameters parameters, std::int64_t limit,
                std::int64_t offset, const char* context) {
  const Dialect& dialect = database.dialect();
  Page page;
  Session session = database.session();
  page.total = selectCount(database, session, dialect.sql("SELECT COUNT(*) " + from_where), context,
                           parameters);
  if (page.total <= offset) return page;
  parameters.emplace_back(Poco::Int64{limit});
  parameters.emplace_back(Poco::Int64{offset});
  page.rows = selectRows<Columns>(
      database, session,
      dialect.sql("SELECT " + columns + " " + from_where + order_by + " LIMIT ? OFFSET ?"), context,
      parameters);
  return page;
}

// `with_trigger_data` false selects NULL in its place: lists show summaries.
std::string executionColumns(const Dialect& dialect, bool with_trigger_data) {
  return "e.id, e.workspace_id, e.workflow_id, e.user_id, e.workflow_version, e.status, "
         "e.trigger_type, " +
         (with_trigger_data ? dialect.jsonAsText("e.trigger_data") : "CAST(NULL AS TEXT)") +
         ", e.start_time, e.end_time, e.duration_ms, e.error_message, e.created_at, "
         "e.cancel_requested";
}

struct ExecutionColumns {
  std::string id;
  std::string workspace_id;
  std::string workflow_id;
  std::string user_id;
  Nullable<Poco::Int64> workflow_version;
  Nullable<std::string> status;
  Nullable<std::string> trigger_type;
  Nullable<std::string> trigger_data;
  Nullable<std::string> start_time;
  Nullable<std::string> end_time;
  Nullable<Poco::Int64> duration_ms;
  Nullable<std::string> error_message;
  Nullable<std::string> created_at;
  Nullable<bool> cancel_requested;

  void bindInto(Statement& statement) {
    statement, into(id), into(workspace_id), into(workflow_id), into(user_id),
        into(workflow_version), into(status), into(trigger_type), into(trigger_data),
        into(start_time), into(end_time), into(duration_ms), into(error_message), into(created_at),
        into(cancel_requested);
  }

  void readFrom(SqliteQuery& query) {
    query >> id >> workspace_id >> workflow_id >> user_id >> workflow_version >> status >>
        trigger_type >> trigger_data >> start_time >> end_time >> duration_ms >> error_message >>
        created_at >> cancel_requested;
  }

  ExecutionRecord row() const {
    ExecutionRecord row;
    row.id = id;
    row.workspace_id = workspace_id;
    row.workflow_id = workflow_id;
    row.user_id = user_id;
    row.workflow_version = toOptionalInteger(workflow_version);
    row.status = status.isNull() ? "pending" : status.value();
    row.trigger_type = toOptional(trigger_type);
    row.trigger_data_json = toOptional(trigger_data);
    row.start_time = toOptionalTimestamp(start_time);
    row.end_time = toOptionalTimestamp(end_time);
    row.duration_ms = toOptionalInteger(duration_ms);
    row.error_message = toOptional(error_message);
    row.created_at = toOptionalTimestamp(created_at).value_or("");
    row.cancel_requested = !cancel_requested.isNull() && cancel_requested.value();
    return row;
  }
};

std::string nodeColumns(const Dialect& dialect, bool include_data) {
  const std::string absent = "CAST(NULL AS TEXT)";
  return "n.id, n.node_id, n.scope, n.status, " +
         (include_data ? dialect.jsonAsText("n.input_data") : absent) + ", " +
         (include_data ? dialect.jsonAsText("n.output_data") : absent) +
         ", n.start_time, n.end_time, n.duration_ms, n.error_message, n.retry_count";
}

struct NodeExecutionColumns {
  std::string id;
  std::string node_id;
  std::string scope;
  Nullable<std::string> status;
  Nullable<std::string> input;
  Nullable<std::string> output;
  Nullable<std::string> start_time;
  Nullable<std::string> end_time;
  Nullable<Poco::Int64> duration_ms;
  Nullable<std::string> error_message;
  Nullable<Poco::Int64> retry_count;

  void bindInto(Statement& statement) {
    statement, into(id), into(node_id), into(scope), into(status), into(input), into(output),
        into(start_time), into(end_time), into(duration_ms), into(error_message), into(retry_count);
  }

  void readFrom(SqliteQuery& query) {
    query >> id >> node_id >> scope >> status >> input >> output >> start_time >> end_time >>
        duration_ms >> error_message >> retry_count;
  }

  NodeExecutionRecord row() const {
    NodeExecutionRecord row;
    row.id = id;
    row.node_id = node_id;
    row.scope = scope;
    row.status = status.isNull() ? "pending" : status.value();
    row.input_json = toOptional(input);
    row.output_json = toOptional(output);
    row.start_time = toOptionalTimestamp(start_time);
    row.end_time = toOptionalTimestamp(end_time);
    row.duration_ms = toOptionalInteger(duration_ms);
    row.error_message = toOptional(error_message);
    row.retry_count = retry_count.isNull() ? 0 : retry_count.value();
    return row;
  }
};

constexpr const char* kLogColumns = "l.id, l.logged_at, l.level, l.node_id, l.message";

struct ExecutionLogColumns {
  Poco::Int64 id = 0;
  Nullable<std::string> logged_at;
  std::string level;
  Nullable<std::string> node_id;
  std::string message;

  void bindInto(Statement& statement) {
    statement, into(id), into(logged_at), into(level), into(node_id), into(message);
  }

  void readFrom(SqliteQuery& query) { query >> id >> logged_at >> level >> node_id >> message; }

  ExecutionLogRecord row() const {
    return {id, toOptionalTimestamp(logged_at).value_or(""), level, toOptional(node_id), message};
  }
};

// " IN (?, ?, ...)" for `count` values.
std::string inList(std::size_t count) {
  std::string text = " IN (";
  for (std::size_t i = 0; i < count; ++i)
    text += i == 0 ? "?" : ", ?";
  return text + ")";
}

}  // namespace

std::optional<ExecutionRecord> ExecutionQueryRepository::find(std::string_view id) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return std::nullopt;
  const Dialect& dialect = database_.dialect();
  SqlParameters parameters{*canonical};
  Session session = database_.session();
  auto rows =
      selectRows<ExecutionColumns>(database_, session,
                                   dialect.sql("SELECT " + executionColumns(dialect, true) +
                                               " FROM workflow_executions e WHERE e.id = ?"),
                                   "cannot read execution", parameters);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

ExecutionPage ExecutionQueryRepository::list(const ExecutionListQuery& query) {
  if (query.workspace_ids.empty()) return {};
  SqlParameters parameters(query.workspace_ids.begin(), query.workspace_ids.end());
  std::string from_where =
      "FROM workflow_executions e WHERE e.workspace_id" + inList(query.workspace_ids.size());
  const auto filter = [&](const std::optional<std::string>& value, const char* condition) {
    if (!value) return;
    from_where += condition;
    parameters.emplace_back(*value);
  };
  filter(query.workflow_id, " AND e.workflow_id = ?");
  filter(query.status, " AND e.status = ?");
  filter(query.created_after, " AND e.created_at > ?");
  filter(query.created_before, " AND e.created_at < ?");
  // id breaks ties between executions created in the same instant, so pages never overlap.
  return selectPage<ExecutionColumns, ExecutionPage>(
      database_, executionColumns(database_.dialect(), false), from_where,
      " ORDER BY e.created_at DESC, e.id", std::move(parameters), query.limit, query.offset,
      "cannot list executions");
}

NodeExecutionPage ExecutionQueryRepository::nodes(const std::string& execution_id,
                                                  const NodeExecutionQuery& query) {
  // Steps in the order they ran; those that have not started yet come last (`IS NULL` sorts
  // false first on both databases, where NULLS LAST is not portable).
  return selectPage<NodeExecutionColumns, NodeExecutionPage>(
      database_, nodeColumns(database_.dialect(), query.include_data),
      "FROM node_executions n WHERE n.execution_id = ?",
      " ORDER BY n.start_time IS NULL, n.start_time, n.node_id, n.scope", {execution_id},
      query.limit, query.offset, "cannot list node executions");
}

ExecutionLogPage ExecutionQueryRepository::logs(const std::string& execution_id,
                                                const ExecutionLogQuery& query) {
  SqlParameters parameters{execution_id};
  std::string from_where = "FROM execution_logs l WHERE l.execution_id = ?";
  if (query.after_id) {
    from_where += " AND l.id > ?";
    parameters.emplace_back(Poco::Int64{*query.after_id});
  }
  return selectPage<ExecutionLogColumns, ExecutionLogPage>(
      database_, kLogColumns, from_where, " ORDER BY l.id", std::move(parameters), query.limit,
      query.offset, "cannot read execution log");
}

}  // namespace orchestra::store
