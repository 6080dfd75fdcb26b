#include "host/store/InvitationRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "host/store/SqlValues.hpp"

namespace orchestra::store {

using Poco::Nullable;
using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

std::vector<InvitationRow> InvitationRepository::select(Session& session, const std::string& where,
                                                        std::vector<std::string> parameters) {
  const Dialect& dialect = database_.dialect();
  std::vector<InvitationRow> rows;
  InvitationRow row;
  Nullable<std::string> expires_at;
  Nullable<std::string> accepted_at;
  Nullable<std::string> created_at;
  Statement statement(session);
  statement << dialect.sql(
      "SELECT i.id, i.workspace_id, w.name, i.email, i.role, i.invited_by, "
      "i.expires_at, i.accepted_at, i.created_at FROM invitations i "
      "JOIN workspaces w ON w.id = i.workspace_id " +
      where + " ORDER BY i.created_at, i.id");
  for (auto& parameter : parameters)
    statement, use(parameter);
  statement, into(row.id), into(row.workspace_id), into(row.workspace_name), into(row.email),
      into(row.role), into(row.invited_by), into(expires_at), into(accepted_at), into(created_at),
      range(0, 1);
  translatingErrors(dialect, "cannot read invitations", [&] {
    while (!statement.done()) {
      if (statement.execute() == 0) break;
      row.expires_at = toOptionalTimestamp(expires_at).value_or("");
      row.accepted_at = toOptionalTimestamp(accepted_at);
      row.created_at = toOptionalTimestamp(created_at).value_or("");
      rows.push_back(row);
    }
  });
  return rows;
}

namespace {

std::optional<InvitationRow> first(std::vector<InvitationRow> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

}  // namespace

std::optional<InvitationRow> InvitationRepository::findPending(Session& session,
                                                               const std::string& workspace_id,
                                                               const std::string& email,
                                                               const std::string& now) {
  return first(select(session,
                      "WHERE i.workspace_id = ? AND i.email = ? AND i.accepted_at IS NULL AND "
                      "i.expires_at > ?",
                      {workspace_id, email, now}));
}

std::optional<InvitationRow> InvitationRepository::find(Session& session, std::string_view id) {
  const auto canonical = canonicalUuid(id);
  if (!canonical) return std::nullopt;
  return first(select(session, "WHERE i.id = ?", {*canonical}));
}

std::optional<InvitationRow> InvitationRepository::findByTokenHash(Session& session,
                                                                   const std::string& token_hash) {
  return first(select(session, "WHERE i.token = ?", {token_hash}));
}

std::vector<InvitationRow> InvitationRepository::pendingForEmail(const std::string& email,
                                                                 const std::string& now) {
  Session session = database_.session();
  return select(session, "WHERE i.email = ? AND i.accepted_at IS NULL AND i.expires_at > ?",
                {email, now});
}

std::vector<InvitationRow> InvitationRepository::pendingInWorkspace(const std::string& workspace_id,
                                                                    const std::string& now) {
  Session session = database_.session();
  return select(session, "WHERE i.workspace_id = ? AND i.accepted_at IS NULL AND i.expires_at > ?",
                {workspace_id, now});
}

std::string InvitationRepository::insert(Session& session, const InvitationRow& row,
                                         const std::string& token_hash) {
  const Dialect& dialect = database_.dialect();
  std::string id = newUuid();
  InvitationRow values = row;
  std::string token = token_hash;
  translatingErrors(dialect, "cannot create invitation", [&] {
    session << dialect.sql(
        "INSERT INTO invitations (id, workspace_id, email, role, invited_by, "
        "token, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, " +
        std::string(dialect.nowExpression()) + ")"),
        use(id), use(values.workspace_id), use(values.email), use(values.role),
        use(values.invited_by), use(token), use(values.expires_at), now;
  });
  return id;
}

void InvitationRepository::renew(Session& session, const InvitationRow& row,
                                 const std::string& token_hash) {
  const Dialect& dialect = database_.dialect();
  InvitationRow values = row;
  std::string token = token_hash;
  translatingErrors(dialect, "cannot renew invitation", [&] {
    session << dialect.sql(
        "UPDATE invitations SET role = ?, invited_by = ?, token = ?, "
        "expires_at = ? WHERE id = ?"),
        use(values.role), use(values.invited_by), use(token), use(values.expires_at),
        use(values.id), now;
  });
}

bool InvitationRepository::markAccepted(Session& session, const std::string& id) {
  const Dialect& dialect = database_.dialect();
  std::string key = id;
  Statement statement(session);
  statement << dialect.sql(
      "UPDATE invitations SET accepted_at = " + std::string(dialect.nowExpression()) +
      " WHERE id = ? AND accepted_at IS NULL"),
      use(key);
  return translatingErrors(dialect, "cannot accept invitation",
                           [&] { return statement.execute(); }) == 1;
}

bool InvitationRepository::remove(Session& session, const std::string& id) {
  const Dialect& dialect = database_.dialect();
  std::string key = id;
  Statement statement(session);
  statement << dialect.sql("DELETE FROM invitations WHERE id = ?"), use(key);
  return translatingErrors(dialect, "cannot revoke invitation",
                           [&] { return statement.execute(); }) == 1;
}

}  // namespace orchestra::store
