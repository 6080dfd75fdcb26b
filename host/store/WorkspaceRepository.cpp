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
