#include "host/store/WorkspaceRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "host/store/SqlValues.hpp"

namespace orchestra::store {

using Poco::Nullable;
using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

namespace {

constexpr std::string_view kColumns =
    "w.id, w.name, w.description, w.owner_id, w.settings, w.created_at, w.updated_at";

struct WorkspaceColumns {
  std::string id;
  std::string name;
  Nullable<std::string> description;
  std::string owner_id;
  Nullable<std::string> settings;
  Nullable<std::string> created_at;
  Nullable<std::string> updated_at;

  void bindInto(Statement& statement) {
    statement, into(id), into(name), into(description), into(owner_id), into(settings),
        into(created_at), into(updated_at);
  }

  WorkspaceRow row() const {
    return WorkspaceRow{id,
                        name,
                        toOptional(description),
                        owner_id,
                        settings.isNull() ? std::string("{}") : settings.value(),
                        toOptionalTimestamp(created_at).value_or(""),
                        toOptionalTimestamp(updated_at).value_or("")};
  }
};

}  // namespace

WorkspaceRow WorkspaceRepository::createPersonalWorkspace(const UserRow& owner) {
  return database_.withTransaction(
      [&](Session& session) { return createPersonalWorkspace(session, owner); });
}

WorkspaceRow WorkspaceRepository::createPersonalWorkspace(Session& session, const UserRow& owner) {
  const Dialect& dialect = database_.dialect();
  const std::string now_sql(dialect.nowExpression());
  std::string workspace_id = newUuid();
  std::string member_id = newUuid();
  std::string owner_id = owner.id;
  std::string name = "Personal";
  std::string settings = R"({"personal": true})";
  std::string role(workspace_role::kOwner);
  translatingErrors(dialect, "cannot create personal workspace", [&] {
    session << dialect.sql(
        "INSERT INTO workspaces (id, name, owner_id, settings, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, " +
        now_sql + ", " + now_sql + ")"),
        use(workspace_id), use(name), use(owner_id), use(settings), now;
    session << dialect.sql(
        "INSERT INTO workspace_members (id, workspace_id, user_id, role, "
        "joined_at, created_at) VALUES (?, ?, ?, ?, " +
        now_sql + ", " + now_sql + ")"),
        use(member_id), use(workspace_id), use(owner_id), use(role), now;
  });
  auto created = findById(session, workspace_id);
  if (!created) throw StoreError("cannot create personal workspace: the new row is not readable");
  return *created;
}

std::vector<WorkspaceRow> WorkspaceRepository::listForUser(std::string_view user_id) {
  Session session = database_.session();
  return listForUser(session, user_id);
}

std::vector<WorkspaceRow> WorkspaceRepository::listForUser(Session& session,
                                                           std::string_view user_id) {
  std::vector<WorkspaceRow> rows;
  auto canonical = canonicalUuid(user_id);
  if (!canonical) return rows;
  const Dialect& dialect = database_.dialect();
  WorkspaceColumns columns;
  Statement statement(session);
  statement << dialect.sql("SELECT " + std::string(kColumns) +
                           " FROM workspaces w JOIN workspace_members m ON m.workspace_id = w.id"
                           " WHERE m.user_id = ? ORDER BY w.created_at, w.id"),
      use(*canonical), range(0, 1);
  columns.bindInto(statement);
  translatingErrors(dialect, "cannot list workspaces", [&] {
    // One row per execute(): the same columns struct is refilled each time.
    while (!statement.done()) {
      if (statement.execute() == 0) break;
      rows.push_back(columns.row());
    }
  });
  return rows;
}

std::vector<MembershipRow> WorkspaceRepository::membershipsOf(std::string_view user_id) {
  std::vector<MembershipRow> rows;
  auto canonical = canonicalUuid(user_id);
  if (!canonical) return rows;
  const Dialect& dialect = database_.dialect();
  const std::string sql = dialect.sql(
      "SELECT w.id, w.name, m.role FROM workspaces w JOIN workspace_members m"
      " ON m.workspace_id = w.id WHERE m.user_id = ? ORDER BY w.created_at, w.id");
  Session session = database_.session();
  if (auto* statements = database_.sqliteStatements()) {
    auto query = statements->query(session, sql, "cannot list memberships");
    query.bind(*canonical);
    while (query.next()) {
      MembershipRow row;
      query >> row.workspace_id >> row.workspace_name >> row.role;
      rows.push_back(std::move(row));
    }
    return rows;
  }
  std::vector<std::string> ids;
  std::vector<std::string> names;
  std::vector<std::string> roles;
  Statement statement(session);
  statement << sql, use(*canonical), into(ids), into(names), into(roles);
  translatingErrors(dialect, "cannot list memberships", [&] { return statement.execute(); });
  rows.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i)
    rows.push_back({std::move(ids[i]), std::move(names[i]), std::move(roles[i])});
  return rows;
}

std::optional<std::string> WorkspaceRepository::membership(std::string_view workspace_id,
                                                           std::string_view user_id) {
  Session session = database_.session();
  return membership(session, workspace_id, user_id);
}

std::optional<std::string> WorkspaceRepository::membership(Session& session,
                                                           std::string_view workspace_id,
                                                           std::string_view user_id) {
  auto workspace = canonicalUuid(workspace_id);
  auto user = canonicalUuid(user_id);
  if (!workspace || !user) return std::nullopt;
  const Dialect& dialect = database_.dialect();
  std::string role;
  Statement statement(session);
  statement << dialect.sql(
      "SELECT role FROM workspace_members WHERE workspace_id = ? AND "
      "user_id = ?"),
      use(*workspace), use(*user), into(role);
  const std::size_t rows =
      translatingErrors(dialect, "cannot read membership", [&] { return statement.execute(); });
  if (rows == 0) return std::nullopt;
  return role;
}

WorkspaceRow WorkspaceRepository::create(Session& session, const WorkspaceFields& fields,
                                         const std::string& owner_id) {
  const Dialect& dialect = database_.dialect();
  const std::string now_sql(dialect.nowExpression());
  std::string workspace_id = newUuid();
  std::string name = fields.name;
  Nullable<std::string> description = toNullable(fields.description);
  std::string settings = fields.settings;
  std::string owner = owner_id;
  translatingErrors(dialect, "cannot create workspace", [&] {
    session << dialect.sql(
        "INSERT INTO workspaces (id, name, description, owner_id, settings, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, " +
        std::string(dialect.jsonParameter()) + ", " + now_sql + ", " + now_sql + ")"),
        use(workspace_id), use(name), use(description), use(owner), use(settings), now;
  });
  addMember(session, workspace_id, owner_id, workspace_role::kOwner, std::nullopt);
  auto created = findById(session, workspace_id);
  if (!created) throw StoreError("cannot create workspace: the new row is not readable");
  return *created;
}

std::optional<WorkspaceRow> WorkspaceRepository::find(std::string_view id) {
  Session session = database_.session();
  return find(session, id);
}

std::optional<WorkspaceRow> WorkspaceRepository::find(Session& session, std::string_view id) {
  const auto canonical = canonicalUuid(id);
  if (!canonical) return std::nullopt;
  return findById(session, *canonical);
}

void WorkspaceRepository::update(Session& session, const std::string& id,
                                 const WorkspaceFields& fields) {
  const Dialect& dialect = database_.dialect();
  std::string name = fields.name;
  Nullable<std::string> description = toNullable(fields.description);
  std::string settings = fields.settings;
  std::string key = id;
  translatingErrors(dialect, "cannot update workspace", [&] {
    session << dialect.sql("UPDATE workspaces SET name = ?, description = ?, settings = " +
                           std::string(dialect.jsonParameter()) + ", updated_at = " +
                           std::string(dialect.nowExpression()) + " WHERE id = ?"),
        use(name), use(description), use(settings), use(key), now;
  });
}

void WorkspaceRepository::remove(Session& session, const std::string& id) {
  const Dialect& dialect = database_.dialect();
  std::string key = id;
  translatingErrors(dialect, "cannot delete workspace", [&] {
    // A copy points at its source without ON DELETE: unlink every copy of these workflows.
    session << dialect.sql(
        "UPDATE workflows SET parent_workflow_id = NULL WHERE "
        "parent_workflow_id IN (SELECT id FROM workflows WHERE workspace_id = ?)"),
        use(key), now;
    if (dialect.kind() == DialectKind::Sqlite) {
      // SQLite's full-text index is tied to workflows by rowid, not by a foreign key.
      session << dialect.sql(
          "DELETE FROM workflow_search WHERE rowid IN "
          "(SELECT rowid FROM workflows WHERE workspace_id = ?)"),
          use(key), now;
    }
    session << dialect.sql("DELETE FROM workspaces WHERE id = ?"), use(key), now;
  });
}

std::int64_t WorkspaceRepository::activeExecutions(Session& session, const std::string& id) {
  const Dialect& dialect = database_.dialect();
  std::string key = id;
  Poco::Int64 count = 0;
  translatingErrors(dialect, "cannot count executions", [&] {
    if (dialect.kind() == DialectKind::Postgres) {
      session << dialect.sql("SELECT 1 FROM workspaces WHERE id = ? FOR UPDATE"), use(key), now;
    }
    session << dialect.sql(
        "SELECT COUNT(*) FROM workflow_executions WHERE workspace_id = ? AND "
        "status IN ('pending', 'running')"),
        use(key), into(count), now;
  });
  return count;
}

std::vector<MemberRow> WorkspaceRepository::members(std::string_view workspace_id) {
  std::vector<MemberRow> rows;
  const auto canonical = canonicalUuid(workspace_id);
  if (!canonical) return rows;
  const Dialect& dialect = database_.dialect();
  Session session = database_.session();
  std::string key = *canonical;
  MemberRow row;
  Nullable<std::string> full_name;
  Nullable<std::string> invited_by;
  Nullable<std::string> joined_at;
  Statement statement(session);
  statement << dialect.sql(
      "SELECT m.user_id, u.email, u.full_name, m.role, m.invited_by, m.joined_at "
      "FROM workspace_members m JOIN users u ON u.id = m.user_id "
      "WHERE m.workspace_id = ? ORDER BY m.joined_at, m.user_id"),
      use(key), into(row.user_id), into(row.email), into(full_name), into(row.role),
      into(invited_by), into(joined_at), range(0, 1);
  translatingErrors(dialect, "cannot list members", [&] {
    while (!statement.done()) {
      if (statement.execute() == 0) break;
      row.full_name = toOptional(full_name);
      row.invited_by = toOptional(invited_by);
      row.joined_at = toOptionalTimestamp(joined_at).value_or("");
      rows.push_back(row);
    }
  });
  return rows;
}

std::int64_t WorkspaceRepository::ownerCount(Session& session, const std::string& workspace_id) {
  const Dialect& dialect = database_.dialect();
  std::string key = workspace_id;
  std::string role(workspace_role::kOwner);
  Poco::Int64 count = 0;
  translatingErrors(dialect, "cannot count owners", [&] {
    session << dialect.sql(
        "SELECT COUNT(*) FROM workspace_members WHERE workspace_id = ? AND role = ?"),
        use(key), use(role), into(count), now;
  });
  return count;
}

void WorkspaceRepository::addMember(Session& session, const std::string& workspace_id,
                                    const std::string& user_id, std::string_view role,
                                    const std::optional<std::string>& invited_by) {
  const Dialect& dialect = database_.dialect();
  const std::string now_sql(dialect.nowExpression());
  std::string member_id = newUuid();
  std::string workspace = workspace_id;
  std::string user = user_id;
  std::string role_text(role);
  Nullable<std::string> inviter = toNullable(invited_by);
  translatingErrors(dialect, "cannot add member", [&] {
    session << dialect.sql(
        "INSERT INTO workspace_members (id, workspace_id, user_id, role, "
        "invited_by, joined_at, created_at) VALUES (?, ?, ?, ?, ?, " +
        now_sql + ", " + now_sql + ")"),
        use(member_id), use(workspace), use(user), use(role_text), use(inviter), now;
  });
}

void WorkspaceRepository::setRole(Session& session, const std::string& workspace_id,
                                  const std::string& user_id, std::string_view role) {
  const Dialect& dialect = database_.dialect();
  std::string workspace = workspace_id;
  std::string user = user_id;
  std::string role_text(role);
  translatingErrors(dialect, "cannot change role", [&] {
    session << dialect.sql(
        "UPDATE workspace_members SET role = ? WHERE workspace_id = ? AND user_id = ?"),
        use(role_text), use(workspace), use(user), now;
  });
}

void WorkspaceRepository::removeMember(Session& session, const std::string& workspace_id,
                                       const std::string& user_id) {
  const Dialect& dialect = database_.dialect();
  std::string workspace = workspace_id;
  std::string user = user_id;
  translatingErrors(dialect, "cannot remove member", [&] {
    session << dialect.sql("DELETE FROM workspace_members WHERE workspace_id = ? AND user_id = ?"),
        use(workspace), use(user), now;
  });
}

void WorkspaceRepository::setOwnerId(Session& session, const std::string& workspace_id,
                                     const std::string& user_id) {
  const Dialect& dialect = database_.dialect();
  std::string workspace = workspace_id;
  std::string user = user_id;
  translatingErrors(dialect, "cannot change owner", [&] {
    session << dialect.sql("UPDATE workspaces SET owner_id = ?, updated_at = " +
                           std::string(dialect.nowExpression()) + " WHERE id = ?"),
        use(user), use(workspace), now;
  });
}

std::optional<WorkspaceRow> WorkspaceRepository::findById(Session& session, const std::string& id) {
  const Dialect& dialect = database_.dialect();
  std::string key = id;
  WorkspaceColumns columns;
  Statement statement(session);
  statement << dialect.sql("SELECT " + std::string(kColumns) + " FROM workspaces w WHERE w.id = ?"),
      use(key);
  columns.bindInto(statement);
  const std::size_t rows =
      translatingErrors(dialect, "cannot read workspace", [&] { return statement.execute(); });
  if (rows == 0) return std::nullopt;
  return columns.row();
}

}  // namespace orchestra::store
