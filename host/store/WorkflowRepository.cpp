#include "host/store/WorkflowRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Nullable.h>

#include "host/store/SqlValues.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::store {

using Poco::Nullable;
using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

namespace {

bool isPostgres(const Database& database) {
  return database.dialect().kind() == DialectKind::Postgres;
}

// JSON columns come back as text on both databases; PostgreSQL keeps tags as TEXT[] (for its GIN
// index), read here as a JSON array.
std::string columns(const Database& database) {
  return isPostgres(database)
             ? "w.id, w.workspace_id, w.user_id, w.name, w.description, w.status, w.nodes::text, "
               "w.connections::text, w.settings::text, array_to_json(w.tags)::text, w.is_public, "
               "w.version, w.parent_workflow_id, w.created_at, w.updated_at"
             : "w.id, w.workspace_id, w.user_id, w.name, w.description, w.status, w.nodes, "
               "w.connections, w.settings, w.tags, w.is_public, w.version, w.parent_workflow_id, "
               "w.created_at, w.updated_at";
}

std::string tagsJson(const std::vector<std::string>& tags) {
  text::JsonWriter json;
  json.beginArray();
  for (const auto& tag : tags)
    json.value(tag);
  json.endArray();
  return std::move(json).finish();
}

std::vector<std::string> tagsFromJson(const std::string& json) {
  std::vector<std::string> tags;
  if (json.empty()) return tags;
  Poco::JSON::Parser parser;
  const auto array = parser.parse(json).extract<Poco::JSON::Array::Ptr>();
  if (array.isNull()) return tags;
  for (const auto& tag : *array)
    tags.push_back(tag.convert<std::string>());
  return tags;
}

// A PostgreSQL array literal: {"a","b \"c\""}.
std::string postgresTextArray(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  return literal + "}";
}

std::string tagsParameter(const Database& database, const std::vector<std::string>& tags) {
  return isPostgres(database) ? postgresTextArray(tags) : tagsJson(tags);
}

struct WorkflowColumns {
  std::string id;
  std::string workspace_id;
  std::string user_id;
  std::string name;
  Nullable<std::string> description;
  Nullable<std::string> status;
  std::string nodes;
  std::string connections;
  Nullable<std::string> settings;
  Nullable<std::string> tags;
  Nullable<bool> is_public;
  Nullable<Poco::Int64> version;
  Nullable<std::string> parent_workflow_id;
  Nullable<std::string> created_at;
  Nullable<std::string> updated_at;

  void bindInto(Statement& statement) {
    statement, into(id), into(workspace_id), into(user_id), into(name), into(description),
        into(status), into(nodes), into(connections), into(settings), into(tags), into(is_public),
        into(version), into(parent_workflow_id), into(created_at), into(updated_at);
  }

  void readFrom(SqliteQuery& query) {
    query >> id >> workspace_id >> user_id >> name >> description >> status >> nodes >>
        connections >> settings >> tags >> is_public >> version >> parent_workflow_id >>
        created_at >> updated_at;
  }

  WorkflowRow row() const {
    WorkflowRow row;
    row.id = id;
    row.workspace_id = workspace_id;
    row.user_id = user_id;
    row.status = status.isNull() ? "draft" : status.value();
    row.version = version.isNull() ? 1 : version.value();
    row.parent_workflow_id = toOptional(parent_workflow_id);
    row.created_at = toOptionalTimestamp(created_at).value_or("");
    row.updated_at = toOptionalTimestamp(updated_at).value_or("");
    row.content.name = name;
    row.content.description = toOptional(description);
    row.content.nodes = nodes;
    row.content.connections = connections;
    row.content.settings = settings.isNull() ? "{}" : settings.value();
    row.content.tags = tagsFromJson(tags.isNull() ? "[]" : tags.value());
    row.content.is_public = !is_public.isNull() && is_public.value();
    return row;
  }
};

// Runs a SELECT of `columns(...)` and collects every row.
std::vector<WorkflowRow> fetchRows(const Database& database, Statement& statement,
                                   std::string_view context) {
  std::vector<WorkflowRow> rows;
  WorkflowColumns row_columns;
  row_columns.bindInto(statement);
  statement, range(0, 1);
  translatingErrors(database.dialect(), context, [&] {
    // One row per execute(): the same columns struct is refilled each time.
    while (!statement.done()) {
      if (statement.execute() == 0) break;
      rows.push_back(row_columns.row());
    }
  });
  return rows;
}

// The same through the connection's prepared statement (SQLite): `parameters` bound in order.
template <typename... Parameters>
std::vector<WorkflowRow> fetchRows(SqliteStatementCache& statements, Session& session,
                                   const std::string& sql, std::string_view context,
                                   const std::vector<std::string>& parameters,
                                   const Parameters&... more) {
  std::vector<WorkflowRow> rows;
  WorkflowColumns row_columns;
  auto query = statements.query(session, sql, context);
  for (const auto& parameter : parameters)
    query.bind(parameter);
  (query.bind(more), ...);
  while (query.next()) {
    row_columns.readFrom(query);
    rows.push_back(row_columns.row());
  }
  return rows;
}

// Search words as FTS5 wants them: each a quoted prefix, all required.
std::string sqliteMatch(const std::vector<std::string>& words) {
  std::string match;
  for (const auto& word : words) {
    if (!match.empty()) match += ' ';
    match += '"' + word + "\"*";
  }
  return match;
}

// And as PostgreSQL's to_tsquery wants them (words hold only letters, digits and '_').
std::string postgresTsQuery(const std::vector<std::string>& words) {
  std::string query;
  for (const auto& word : words) {
    if (!query.empty()) query += " & ";
    query += word + ":*";
  }
  return query;
}

std::string orderBy(WorkflowSort sort) {
  switch (sort) {
    case WorkflowSort::UpdatedAtAscending:
      return " ORDER BY w.updated_at, w.id";
    case WorkflowSort::NameAscending:
      return " ORDER BY w.name, w.id";
    case WorkflowSort::UpdatedAtDescending:
      break;
  }
  return " ORDER BY w.updated_at DESC, w.id DESC";
}

}  // namespace

WorkflowRow WorkflowRepository::create(Session& session, const NewWorkflow& workflow,
                                       std::string_view change_summary) {
  const Dialect& dialect = database_.dialect();
  const bool postgres = isPostgres(database_);
  WorkflowRow row;
  row.id = newUuid();
  row.workspace_id = workflow.workspace_id;
  row.user_id = workflow.user_id;
  row.status = "draft";
  row.version = 1;
  row.parent_workflow_id = workflow.parent_workflow_id;
  row.content = workflow.content;

  std::string id = row.id;
  std::string workspace_id = row.workspace_id;
  std::string user_id = row.user_id;
  std::string name = row.content.name;
  Nullable<std::string> description = toNullable(row.content.description);
  std::string nodes = row.content.nodes;
  std::string connections = row.content.connections;
  std::string settings = row.content.settings;
  std::string tags = tagsParameter(database_, row.content.tags);
  bool is_public = row.content.is_public;
  Nullable<std::string> parent = toNullable(row.parent_workflow_id);
  const std::string json_type = postgres ? "JSONB" : "TEXT";
  translatingErrors(dialect, "cannot create workflow", [&] {
    session << dialect.sql(
        "INSERT INTO workflows (id, workspace_id, user_id, name, description, "
        "status, nodes, connections, settings, tags, is_public, version, "
        "parent_workflow_id) VALUES (?, ?, ?, ?, ?, 'draft', CAST(? AS " +
        json_type + "), CAST(? AS " + json_type + "), CAST(? AS " + json_type + "), CAST(? AS " +
        (postgres ? "TEXT[]" : "TEXT") + "), ?, 1, ?)"),
        use(id), use(workspace_id), use(user_id), use(name), use(description), use(nodes),
        use(connections), use(settings), use(tags), use(is_public), use(parent), now;
  });
  auto created = find(session, row.id);
  if (!created) throw StoreError("cannot create workflow: the new row is not readable");
  indexForSearch(session, *created, false);
  insertVersion(session, *created, created->user_id, change_summary);
  return *created;
}

std::optional<WorkflowRow> WorkflowRepository::find(std::string_view id) {
  Session session = database_.session();
  return find(session, id);
}

std::optional<WorkflowRow> WorkflowRepository::find(Session& session, std::string_view id) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return std::nullopt;
  const std::string sql =
      database_.dialect().sql("SELECT " + columns(database_) + " FROM workflows w WHERE w.id = ?");
  std::vector<WorkflowRow> rows;
  if (auto* statements = database_.sqliteStatements()) {
    rows = fetchRows(*statements, session, sql, "cannot read workflow", {*canonical});
  } else {
    Statement statement(session);
    statement << sql, use(*canonical);
    rows = fetchRows(database_, statement, "cannot read workflow");
  }
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

WorkflowPage WorkflowRepository::list(const WorkflowListQuery& query) {
  WorkflowPage page;
  if (query.workspace_ids.empty() && !query.include_public) return page;
  const Dialect& dialect = database_.dialect();
  const bool postgres = isPostgres(database_);
  std::vector<std::string> parameters;
  std::string where = " WHERE (";
  if (!query.workspace_ids.empty()) {
    where += "w.workspace_id IN (";
    for (std::size_t i = 0; i < query.workspace_ids.size(); ++i) {
      where += i == 0 ? "?" : ", ?";
      parameters.push_back(query.workspace_ids[i]);
    }
    where += ")";
  }
  if (query.include_public) {
    where += query.workspace_ids.empty() ? "" : " OR ";
    where += postgres ? "w.is_public = true" : "w.is_public = 1";
  }
  where += ")";
  if (query.status) {
    where += " AND w.status = ?";
    parameters.push_back(*query.status);
  }
  if (!query.tags.empty()) {
    if (postgres) {
      where += " AND w.tags @> CAST(? AS TEXT[])";
      parameters.push_back(postgresTextArray(query.tags));
    } else {
      for (const auto& tag : query.tags) {
        where += " AND w.id IN (SELECT t.workflow_id FROM workflow_tags t WHERE t.tag = ?)";
        parameters.push_back(tag);
      }
    }
  }
  if (!query.search_words.empty()) {
    if (postgres) {
      where +=
          " AND to_tsvector('simple', w.name || ' ' || coalesce(w.description, '')) @@ "
          "to_tsquery('simple', ?)";
      parameters.push_back(postgresTsQuery(query.search_words));
    } else {
      where += " AND w.rowid IN (SELECT rowid FROM workflow_search WHERE workflow_search MATCH ?)";
      parameters.push_back(sqliteMatch(query.search_words));
    }
  }

  Session session = database_.session();
  auto* statements = database_.sqliteStatements();
  const std::string count_sql = dialect.sql("SELECT COUNT(*) FROM workflows w" + where);
  Poco::Int64 total = 0;
  if (statements != nullptr) {
    auto count = statements->query(session, count_sql, "cannot count workflows");
    for (const auto& parameter : parameters)
      count.bind(parameter);
    if (count.next()) count >> total;
  } else {
    Statement count(session);
    count << count_sql;
    for (auto& parameter : parameters)
      count, use(parameter);
    count, into(total);
    translatingErrors(dialect, "cannot count workflows", [&] { return count.execute(); });
  }
  page.total = total;
  if (total <= query.offset) return page;

  Poco::Int64 limit = query.limit;
  Poco::Int64 offset = query.offset;
  const std::string page_sql = dialect.sql("SELECT " + columns(database_) + " FROM workflows w" +
                                           where + orderBy(query.sort) + " LIMIT ? OFFSET ?");
  if (statements != nullptr) {
    page.rows = fetchRows(*statements, session, page_sql, "cannot list workflows", parameters,
                          limit, offset);
    return page;
  }
  Statement statement(session);
  statement << page_sql;
  for (auto& parameter : parameters)
    statement, use(parameter);
  statement, use(limit), use(offset);
  page.rows = fetchRows(database_, statement, "cannot list workflows");
  return page;
}

bool WorkflowRepository::update(Session& session, std::string_view id,
                                std::int64_t expected_version, const WorkflowContent& content,
                                std::string_view user_id, std::string_view change_summary) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return false;
  const Dialect& dialect = database_.dialect();
  const bool postgres = isPostgres(database_);
  std::string name = content.name;
  Nullable<std::string> description = toNullable(content.description);
  std::string nodes = content.nodes;
  std::string connections = content.connections;
  std::string settings = content.settings;
  std::string tags = tagsParameter(database_, content.tags);
  bool is_public = content.is_public;
  Poco::Int64 expected = expected_version;
  const std::string json_type = postgres ? "JSONB" : "TEXT";
  Statement statement(session);
  statement << dialect.sql("UPDATE workflows SET name = ?, description = ?, nodes = CAST(? AS " +
                           json_type + "), connections = CAST(? AS " + json_type +
                           "), settings = CAST(? AS " + json_type + "), tags = CAST(? AS " +
                           (postgres ? "TEXT[]" : "TEXT") +
                           "), is_public = ?, version = version + 1, updated_at = " +
                           std::string(dialect.nowExpression()) + " WHERE id = ? AND version = ?"),
      use(name), use(description), use(nodes), use(connections), use(settings), use(tags),
      use(is_public), use(*canonical), use(expected);
  const std::size_t changed =
      translatingErrors(dialect, "cannot update workflow", [&] { return statement.execute(); });
  if (changed == 0) return false;
  const auto updated = find(session, *canonical);
  if (!updated) return false;
  indexForSearch(session, *updated, true);
  insertVersion(session, *updated, user_id, change_summary);
  return true;
}

bool WorkflowRepository::updateStatus(Session& session, std::string_view id,
                                      std::int64_t expected_version, std::string_view status,
                                      std::string_view user_id, std::string_view change_summary) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return false;
  const Dialect& dialect = database_.dialect();
  std::string new_status(status);
  Poco::Int64 expected = expected_version;
  Statement statement(session);
  statement << dialect.sql("UPDATE workflows SET status = ?, version = version + 1, updated_at = " +
                           std::string(dialect.nowExpression()) + " WHERE id = ? AND version = ?"),
      use(new_status), use(*canonical), use(expected);
  const std::size_t changed = translatingErrors(dialect, "cannot change workflow status",
                                                [&] { return statement.execute(); });
  if (changed == 0) return false;
  const auto updated = find(session, *canonical);
  if (!updated) return false;
  insertVersion(session, *updated, user_id, change_summary);
  return true;
}

bool WorkflowRepository::remove(Session& session, std::string_view id) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return false;
  const Dialect& dialect = database_.dialect();
  if (!isPostgres(database_)) {
    // The FTS table is not tied to the workflow by a foreign key.
    translatingErrors(dialect, "cannot delete workflow", [&] {
      session << dialect.sql(
          "DELETE FROM workflow_search WHERE rowid = "
          "(SELECT rowid FROM workflows WHERE id = ?)"),
          use(*canonical), now;
    });
  }
  // Executions of a deleted workflow are history that names a parent which no longer exists;
  // the schema cascades them (and agents, versions, tags) with it.
  Statement statement(session);
  statement << dialect.sql("DELETE FROM workflows WHERE id = ?"), use(*canonical);
  return translatingErrors(dialect, "cannot delete workflow", [&] { return statement.execute(); }) >
         0;
}

std::vector<WorkflowVersionRow> WorkflowRepository::versions(std::string_view workflow_id) {
  std::vector<WorkflowVersionRow> rows;
  auto canonical = canonicalUuid(workflow_id);
  if (!canonical) return rows;
  const Dialect& dialect = database_.dialect();
  const bool postgres = isPostgres(database_);
  Session session = database_.session();
  Statement statement(session);
  Poco::Int64 version = 0;
  Nullable<std::string> created_by;
  Nullable<std::string> created_at;
  Nullable<std::string> summary;
  std::string name;
  Nullable<std::string> description;
  std::string nodes;
  std::string connections;
  Nullable<std::string> settings;
  Nullable<std::string> tags;
  statement << dialect.sql(
      std::string("SELECT version, created_by, created_at, change_summary, name, description, ") +
      (postgres ? "nodes::text, connections::text, settings::text"
                : "nodes, connections, settings") +
      ", tags FROM workflow_versions WHERE workflow_id = ? ORDER BY version DESC"),
      use(*canonical), into(version), into(created_by), into(created_at), into(summary), into(name),
      into(description), into(nodes), into(connections), into(settings), into(tags), range(0, 1);
  translatingErrors(dialect, "cannot list workflow versions", [&] {
    while (!statement.done()) {
      if (statement.execute() == 0) break;
      WorkflowVersionRow row;
      row.version = version;
      row.created_by = toOptional(created_by);
      row.created_at = toOptionalTimestamp(created_at).value_or("");
      row.change_summary = summary.isNull() ? "" : summary.value();
      row.content.name = name;
      row.content.description = toOptional(description);
      row.content.nodes = nodes;
      row.content.connections = connections;
      row.content.settings = settings.isNull() ? "{}" : settings.value();
      row.content.tags = tagsFromJson(tags.isNull() ? "[]" : tags.value());
      rows.push_back(std::move(row));
    }
  });
  return rows;
}

std::optional<WorkflowVersionRow> WorkflowRepository::version(std::string_view workflow_id,
                                                              std::int64_t version) {
  for (auto& row : versions(workflow_id)) {
    if (row.version == version) return std::move(row);
  }
  return std::nullopt;
}

void WorkflowRepository::insertVersion(Session& session, const WorkflowRow& row,
                                       std::string_view user_id, std::string_view change_summary) {
  const Dialect& dialect = database_.dialect();
  const bool postgres = isPostgres(database_);
  std::string id = newUuid();
  std::string workflow_id = row.id;
  std::string workspace_id = row.workspace_id;
  Poco::Int64 version = row.version;
  std::string name = row.content.name;
  Nullable<std::string> description = toNullable(row.content.description);
  std::string nodes = row.content.nodes;
  std::string connections = row.content.connections;
  std::string settings = row.content.settings;
  std::string tags = tagsJson(row.content.tags);
  Nullable<std::string> created_by =
      user_id.empty() ? Nullable<std::string>() : Nullable<std::string>(std::string(user_id));
  std::string summary(change_summary);
  const std::string json_type = postgres ? "JSONB" : "TEXT";
  translatingErrors(dialect, "cannot record workflow version", [&] {
    session << dialect.sql(
        "INSERT INTO workflow_versions (id, workflow_id, workspace_id, version, "
        "name, description, nodes, connections, settings, tags, created_by, "
        "change_summary) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS " +
        json_type + "), CAST(? AS " + json_type + "), CAST(? AS " + json_type + "), ?, ?, ?)"),
        use(id), use(workflow_id), use(workspace_id), use(version), use(name), use(description),
        use(nodes), use(connections), use(settings), use(tags), use(created_by), use(summary), now;
  });
}

void WorkflowRepository::indexForSearch(Session& session, const WorkflowRow& row, bool replace) {
  if (isPostgres(database_)) return;  // GIN indexes on the row itself
  const Dialect& dialect = database_.dialect();
  std::string id = row.id;
  std::string workspace_id = row.workspace_id;
  translatingErrors(dialect, "cannot index workflow", [&] {
    if (replace) {
      session << dialect.sql("DELETE FROM workflow_tags WHERE workflow_id = ?"), use(id), now;
    }
    // INSERT OR REPLACE: a rowid freed by a deleted workflow may come back.
    session << dialect.sql(
        "INSERT OR REPLACE INTO workflow_search (rowid, name, description) "
        "SELECT rowid, name, coalesce(description, '') FROM workflows "
        "WHERE id = ?"),
        use(id), now;
    for (const auto& tag : row.content.tags) {
      std::string value = tag;
      session << dialect.sql(
          "INSERT OR IGNORE INTO workflow_tags (workflow_id, workspace_id, tag) "
          "VALUES (?, ?, ?)"),
          use(id), use(workspace_id), use(value), now;
    }
  });
}

}  // namespace orchestra::store
