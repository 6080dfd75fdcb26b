#include "host/store/ApiKeyRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "host/store/RowSelect.hpp"
#include "host/store/SqlValues.hpp"

namespace orchestra::store {

using Poco::Nullable;
using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

namespace {

constexpr const char* kColumns =
    "k.id, k.workspace_id, k.name, k.key_prefix, k.created_by, k.created_at, k.last_used_at, "
    "k.expires_at, k.revoked_at";

struct ApiKeyColumns {
  std::string id, workspace_id, name, key_prefix, created_by;
  Nullable<std::string> created_at, last_used_at, expires_at, revoked_at;

  void bindInto(Statement& statement) {
    statement, into(id), into(workspace_id), into(name), into(key_prefix), into(created_by),
        into(created_at), into(last_used_at), into(expires_at), into(revoked_at);
  }

  ApiKeyRow row() const {
    ApiKeyRow row;
    row.id = id;
    row.workspace_id = workspace_id;
    row.name = name;
    row.key_prefix = key_prefix;
    row.created_by = created_by;
    row.created_at = toOptionalTimestamp(created_at).value_or("");
    row.last_used_at = toOptionalTimestamp(last_used_at);
    row.expires_at = toOptionalTimestamp(expires_at);
    row.revoked_at = toOptionalTimestamp(revoked_at);
    return row;
  }
};

}  // namespace

ApiKeyRow ApiKeyRepository::create(const ApiKeyRow& row, const std::string& key_hash) {
  const Dialect& dialect = database_.dialect();
  std::string id = newUuid();
  std::string workspace_id = row.workspace_id;
  std::string name = row.name;
  std::string prefix = row.key_prefix;
  std::string hash = key_hash;
  std::string created_by = row.created_by;
  Nullable<std::string> expires_at = toNullable(row.expires_at);
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql(
      "INSERT INTO api_keys (id, workspace_id, name, key_prefix, key_hash, "
      "created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
      use(id), use(workspace_id), use(name), use(prefix), use(hash), use(created_by),
      use(expires_at);
  translatingErrors(dialect, "cannot create API key", [&] { return statement.execute(); });
  auto created = find(workspace_id, id);
  if (!created) throw StoreError("cannot create API key: the new row is not readable");
  return *created;
}

std::vector<ApiKeyRow> ApiKeyRepository::select(const std::string& where,
                                                std::vector<std::string>& parameters) {
  Session session = database_.session();
  return selectRows<ApiKeyColumns>(database_.dialect(), session,
                                   std::string("SELECT ") + kColumns + " FROM api_keys k " + where,
                                   parameters, "cannot read API keys");
}

std::vector<ApiKeyRow> ApiKeyRepository::list(std::string_view workspace_id) {
  const auto canonical = canonicalUuid(workspace_id);
  if (!canonical) return {};
  std::vector<std::string> parameters{*canonical};
  return select("WHERE k.workspace_id = ? ORDER BY k.created_at DESC, k.id", parameters);
}

std::optional<ApiKeyRow> ApiKeyRepository::find(std::string_view workspace_id,
                                                std::string_view id) {
  const auto canonical_workspace = canonicalUuid(workspace_id);
  const auto canonical_id = canonicalUuid(id);
  if (!canonical_workspace || !canonical_id) return std::nullopt;
  std::vector<std::string> parameters{*canonical_workspace, *canonical_id};
  auto rows = select("WHERE k.workspace_id = ? AND k.id = ?", parameters);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::optional<ApiKeyRow> ApiKeyRepository::findUsable(const std::string& key_hash) {
  std::vector<std::string> parameters{key_hash};
  auto rows = select(
      "JOIN workspace_members m ON m.workspace_id = k.workspace_id AND m.user_id = k.created_by "
      "JOIN users u ON u.id = k.created_by "
      "WHERE k.key_hash = ? AND k.revoked_at IS NULL AND COALESCE(u.is_active, TRUE) = TRUE",
      parameters);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

bool ApiKeyRepository::revoke(std::string_view workspace_id, std::string_view id) {
  const auto canonical_workspace = canonicalUuid(workspace_id);
  const auto canonical_id = canonicalUuid(id);
  if (!canonical_workspace || !canonical_id) return false;
  std::string workspace = *canonical_workspace;
  std::string key = *canonical_id;
  const Dialect& dialect = database_.dialect();
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql(
      "UPDATE api_keys SET revoked_at = " + std::string(dialect.nowExpression()) +
      " WHERE workspace_id = ? AND id = ? AND revoked_at IS NULL"),
      use(workspace), use(key);
  return translatingErrors(dialect, "cannot revoke API key", [&] { return statement.execute(); }) >
         0;
}

void ApiKeyRepository::recordUse(std::string_view id) {
  std::string key(id);
  const Dialect& dialect = database_.dialect();
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql("UPDATE api_keys SET last_used_at = " +
                           std::string(dialect.nowExpression()) + " WHERE id = ?"),
      use(key);
  translatingErrors(dialect, "cannot record API key use", [&] { return statement.execute(); });
}

}  // namespace orchestra::store
