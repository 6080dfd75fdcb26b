#include "host/store/SessionRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "host/store/SqlValues.hpp"

namespace orchestra::store {

using Poco::Nullable;
using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

void SessionRepository::create(Session& session, const NewSession& row) {
  const Dialect& dialect = database_.dialect();
  std::string id = row.id;
  std::string user_id = row.user_id;
  std::string token_hash = row.token_hash;
  std::string refresh_token_hash = row.refresh_token_hash;
  std::string expires_at = row.expires_at;
  Nullable<std::string> ip_address = toNullable(row.ip_address);
  Nullable<std::string> user_agent = toNullable(row.user_agent);
  const std::string now_sql(dialect.nowExpression());
  translatingErrors(dialect, "cannot create session", [&] {
    session << dialect.sql(
        "INSERT INTO sessions (id, user_id, token_hash, refresh_token_hash, expires_at, "
        "ip_address, user_agent, last_activity_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, " +
        now_sql + ", " + now_sql + ")"),
        use(id), use(user_id), use(token_hash), use(refresh_token_hash), use(expires_at),
        use(ip_address), use(user_agent), now;
  });
}

std::optional<SessionRow> SessionRepository::findById(std::string_view id) {
  const auto canonical = canonicalUuid(id);
  if (!canonical) return std::nullopt;
  const Dialect& dialect = database_.dialect();
  Session session = database_.session();
  std::string key = *canonical;
  SessionRow row;
  Nullable<std::string> refresh_token_hash;
  Nullable<std::string> expires_at;
  Nullable<std::string> revoked_at;
  Nullable<std::string> revoked_reason;
  const std::string sql = dialect.sql(
      "SELECT id, user_id, token_hash, refresh_token_hash, expires_at, revoked_at, "
      "revoked_reason FROM sessions WHERE id = ?");
  std::size_t rows = 0;
  if (auto* statements = database_.sqliteStatements()) {
    auto query = statements->query(session, sql, "cannot read session");
    query.bind(key);
    if (query.next()) {
      query >> row.id >> row.user_id >> row.token_hash >> refresh_token_hash >> expires_at >>
          revoked_at >> revoked_reason;
      rows = 1;
    }
  } else {
    Statement statement(session);
    statement << sql, use(key), into(row.id), into(row.user_id), into(row.token_hash),
        into(refresh_token_hash), into(expires_at), into(revoked_at), into(revoked_reason);
    rows = translatingErrors(dialect, "cannot read session", [&] { return statement.execute(); });
  }
  if (rows == 0) return std::nullopt;
  row.refresh_token_hash = toOptional(refresh_token_hash);
  row.expires_at = toOptionalTimestamp(expires_at).value_or("");
  row.revoked_at = toOptionalTimestamp(revoked_at);
  row.revoked_reason = toOptional(revoked_reason);
  return row;
}

bool SessionRepository::rotate(std::string_view id, std::string_view expected_refresh_hash,
                               std::string_view new_token_hash, std::string_view new_refresh_hash,
                               std::string_view new_expires_at) {
  const auto canonical = canonicalUuid(id);
  if (!canonical) return false;
  const Dialect& dialect = database_.dialect();
  Session session = database_.session();
  std::string key = *canonical;
  std::string expected(expected_refresh_hash);
  std::string token_hash(new_token_hash);
  std::string refresh_hash(new_refresh_hash);
  std::string expires_at(new_expires_at);
  Statement statement(session);
  statement << dialect.sql(
      "UPDATE sessions SET token_hash = ?, refresh_token_hash = ?, "
      "expires_at = ?, last_activity_at = " +
      std::string(dialect.nowExpression()) +
      " WHERE id = ? AND refresh_token_hash = ? AND revoked_at IS NULL"),
      use(token_hash), use(refresh_hash), use(expires_at), use(key), use(expected);
  return translatingErrors(dialect, "cannot rotate session", [&] { return statement.execute(); }) ==
         1;
}

bool SessionRepository::revoke(std::string_view id, std::string_view reason) {
  const auto canonical = canonicalUuid(id);
  if (!canonical) return false;
  const Dialect& dialect = database_.dialect();
  Session session = database_.session();
  std::string key = *canonical;
  std::string why(reason);
  Statement statement(session);
  statement << dialect.sql(
      "UPDATE sessions SET revoked_at = " + std::string(dialect.nowExpression()) +
      ", revoked_reason = ? WHERE id = ? AND revoked_at IS NULL"),
      use(why), use(key);
  return translatingErrors(dialect, "cannot revoke session", [&] { return statement.execute(); }) ==
         1;
}

}  // namespace orchestra::store
