#include "host/store/WorkflowRepository.hpp"

#include <Poco/Data/Statement.h>
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
std::string columns(const Dialect& dialect) {
  return "w.id, w.workspace_id, w.user_id, w.name, w.description, w.status, " +
         dialect.jsonAsText("w.nodes") + ", " + dialect.jsonAsText("w.connections") + ", " +
         dialect.jsonAsText("w.settings") + ", " + dialect.arrayAsJson("w.tags") +
         ", w.is_public, w.version, w.parent_workflow_id, w.created_at, w.updated_at";
}

// The bound values of a workflow's content, in the order of kContentColumns. The texts are bound
// by reference (useRef: `content` must outlive the statement), since a graph may be megabytes
// and each copy would cost its size again; only the values converted here are held.
struct ContentParameters {
  const WorkflowContent* texts;
  Nullable<std::string> description;
  std::string tags;

  ContentParameters(const Dialect& dialect, const WorkflowContent& content, bool tags_as_array)
      : texts(&content),
        description(toNullable(content.description)),
        tags(tags_as_array ? arrayParameterValue(dialect, content.tags)
                           : jsonStringArray(content.tags)) {}

  void bindInto(Statement& statement) {
    statement, useRef(texts->name), use(description), useRef(texts->nodes),
        useRef(texts->connections), useRef(texts->settings), use(tags);
  }
};

constexpr std::string_view kContentColumns =
    "name, description, nodes, connections, settings, tags";

// "name = ?, ..., tags = <array placeholder>" for the workflows table.
std::string contentAssignments(const Dialect& dialect) {
  const std::string json(dialect.jsonParameter());
  return "name = ?, description = ?, nodes = " + json + ", connections = " + json +
         ", settings = " + json + ", tags = " + dialect.arrayParameter("TEXT");
}

// The placeholders of kContentColumns; workflows keep tags in an array column, versions in JSON.
std::string contentPlaceholders(const Dialect& dialect, bool tags_as_array) {
  const std::string json(dialect.jsonParameter());
  return "?, ?, " + json + ", " + json + ", " + json + ", " +
         (tags_as_array ? dialect.arrayParameter("TEXT") : std::string("?"));
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

  // Moves the texts out (a graph may be megabytes): the next row read refills every column.
  WorkflowRow takeRow() {
    WorkflowRow row;
    row.id = std::move(id);
    row.workspace_id = std::move(workspace_id);
    row.user_id = std::move(user_id);
    row.status = status.isNull() ? "draft" : status.value();
    row.version = version.isNull() ? 1 : version.value();
    row.parent_workflow_id = toOptional(parent_workflow_id);
    row.created_at = toOptionalTimestamp(created_at).value_or("");
    row.updated_at = toOptionalTimestamp(updated_at).value_or("");
    row.content.name = std::move(name);
    row.content.description = toOptional(description);
    row.content.nodes = std::move(nodes);
    row.content.connections = std::move(connections);
    row.content.settings = settings.isNull() ? "{}" : std::move(settings.value());
    row.content.tags = stringsFromJsonArray(tags.isNull() ? "[]" : tags.value());
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
      rows.push_back(row_columns.takeRow());
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
    rows.push_back(row_columns.takeRow());
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
  WorkflowRow row;
  row.id = newUuid();
  row.workspace_id = workflow.workspace_id;
  row.user_id = workflow.user_id;
  row.status = "draft";
  row.version = 1;
  row.parent_workflow_id = workflow.parent_workflow_id;

  {
    // A scope of its own: SQLite holds a copy of each bound text until the statement is
    // finalised, and a graph of megabytes should not be held that way while its version is
    // written.
    std::string id = row.id;
    std::string workspace_id = row.workspace_id;
    std::string user_id = row.user_id;
    ContentParameters content(dialect, workflow.content, true);
    bool is_public = workflow.content.is_public;
    Nullable<std::string> parent = toNullable(row.parent_workflow_id);
    Statement statement(session);
    statement << dialect.sql("INSERT INTO workflows (id, workspace_id, user_id, status, version, " +
                             std::string(kContentColumns) +
                             ", is_public, parent_workflow_id) VALUES (?, ?, ?, 'draft', 1, " +
                             contentPlaceholders(dialect, true) + ", ?, ?)"),
        use(id), use(workspace_id), use(user_id);
    content.bindInto(statement);
    statement, use(is_public), use(parent);
    translatingErrors(dialect, "cannot create workflow", [&] { return statement.execute(); });
  }
  auto created = find(session, row.id);
  if (!created) throw StoreError("cannot create workflow: the new row is not readable");
  indexForSearch(session, *created, false);
  insertVersion(session, *created, created->user_id, change_summary);
  return std::move(*created);
}

std::vector<WorkflowRow> WorkflowRepository::publishedWithNodeType(std::string_view type_id,
                                                                   std::string_view workspace_id) {
  const Dialect& dialect = database_.dialect();
  std::string pattern;
  std::string where = " FROM workflows w WHERE w.status = 'published'";
  if (dialect.kind() == DialectKind::Postgres) {
    text::JsonWriter containment;
    containment.beginArray().beginObject().field("type", type_id).endObject().endArray();
    pattern = std::move(containment).finish();
    where += " AND w.nodes @> CAST(? AS JSONB)";
  } else {
    pattern = "%" + std::string(type_id) + "%";
    where += " AND w.nodes LIKE ?";
  }
  std::string workspace;
  if (!workspace_id.empty()) {
    auto canonical = canonicalUuid(workspace_id);
    if (!canonical) return {};
    workspace = *canonical;
    where += " AND w.workspace_id = ?";
  }
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql("SELECT " + columns(dialect) + where), useRef(pattern);
  if (!workspace.empty()) statement, useRef(workspace);
  return fetchRows(database_, statement, "cannot list published workflows");
}

std::optional<WorkflowRow> WorkflowRepository::find(std::string_view id) {
  Session session = database_.session();
  return find(session, id);
}

std::optional<WorkflowRow> WorkflowRepository::find(Session& session, std::string_view id) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return std::nullopt;
  const std::string sql = database_.dialect().sql("SELECT " + columns(database_.dialect()) +
                                                  " FROM workflows w WHERE w.id = ?");
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
      where += " AND w.tags @> " + dialect.arrayParameter("TEXT");
      parameters.push_back(arrayParameterValue(dialect, query.tags));
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
  const std::string page_sql =
      dialect.sql("SELECT " + columns(database_.dialect()) + " FROM workflows w" + where +
                  orderBy(query.sort) + " LIMIT ? OFFSET ?");
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
  std::size_t changed = 0;
  {
    // A scope of its own, as in create: the statement's copies of the texts go with it.
    ContentParameters parameters(dialect, content, true);
    bool is_public = content.is_public;
    Poco::Int64 expected = expected_version;
    Statement statement(session);
    statement << dialect.sql("UPDATE workflows SET " + contentAssignments(dialect) +
                             ", is_public = ?, version = version + 1, updated_at = " +
                             std::string(dialect.nowExpression()) +
                             " WHERE id = ? AND version = ?");
    parameters.bindInto(statement);
    statement, use(is_public), use(*canonical), use(expected);
    changed =
        translatingErrors(dialect, "cannot update workflow", [&] { return statement.execute(); });
  }
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
  // Copies keep their content but not a link to it (parent_workflow_id has no ON DELETE, so
  // the delete of a duplicated workflow failed).
  translatingErrors(dialect, "cannot delete workflow", [&] {
    session << dialect.sql(
        "UPDATE workflows SET parent_workflow_id = NULL WHERE "
        "parent_workflow_id = ?"),
        use(*canonical), now;
  });
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
      "SELECT version, created_by, created_at, change_summary, name, description, " +
      dialect.jsonAsText("nodes") + ", " + dialect.jsonAsText("connections") + ", " +
      dialect.jsonAsText("settings") +
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
      row.content.tags = stringsFromJsonArray(tags.isNull() ? "[]" : tags.value());
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
  std::string id = newUuid();
  std::string workflow_id = row.id;
  std::string workspace_id = row.workspace_id;
  Poco::Int64 version = row.version;
  ContentParameters content(dialect, row.content, false);
  Nullable<std::string> created_by =
      user_id.empty() ? Nullable<std::string>() : Nullable<std::string>(std::string(user_id));
  std::string summary(change_summary);
  Statement statement(session);
  statement << dialect.sql(
      "INSERT INTO workflow_versions (id, workflow_id, workspace_id, version, " +
      std::string(kContentColumns) + ", created_by, change_summary) VALUES (?, ?, ?, ?, " +
      contentPlaceholders(dialect, false) + ", ?, ?)"),
      use(id), use(workflow_id), use(workspace_id), use(version);
  content.bindInto(statement);
  statement, use(created_by), use(summary);
  translatingErrors(dialect, "cannot record workflow version", [&] { return statement.execute(); });
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
