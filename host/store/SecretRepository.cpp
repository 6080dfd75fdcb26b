#include "host/store/SecretRepository.hpp"

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

constexpr const char* kSecretColumns =
    "s.id, s.workspace_id, s.name, s.description, s.ciphertext, s.nonce, s.key_version, "
    "s.created_by, s.created_at, s.updated_at";

struct SecretColumns {
  std::string id, workspace_id, name;
  Nullable<std::string> description;
  std::string ciphertext, nonce;
  Poco::Int64 key_version = 1;
  Nullable<std::string> created_by, created_at, updated_at;

  void bindInto(Statement& statement) {
    statement, into(id), into(workspace_id), into(name), into(description), into(ciphertext),
        into(nonce), into(key_version), into(created_by), into(created_at), into(updated_at);
  }

  SecretRow row() const {
    SecretRow row;
    row.id = id;
    row.workspace_id = workspace_id;
    row.name = name;
    row.description = toOptional(description);
    row.sealed = {ciphertext, nonce, key_version};
    row.created_by = toOptional(created_by);
    row.created_at = toOptionalTimestamp(created_at).value_or("");
    row.updated_at = toOptionalTimestamp(updated_at).value_or("");
    return row;
  }
};

}  // namespace

SecretRow SecretRepository::create(const SecretRow& secret) {
  const Dialect& dialect = database_.dialect();
  std::string id = secret.id;
  std::string workspace_id = secret.workspace_id;
  std::string name = secret.name;
  Nullable<std::string> description = toNullable(secret.description);
  std::string ciphertext = secret.sealed.ciphertext;
  std::string nonce = secret.sealed.nonce;
  Poco::Int64 key_version = secret.sealed.key_version;
  Nullable<std::string> created_by = toNullable(secret.created_by);
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql(
      "INSERT INTO secrets (id, workspace_id, name, description, ciphertext, nonce, "
      "key_version, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
      use(id), use(workspace_id), use(name), use(description), use(ciphertext), use(nonce),
      use(key_version), use(created_by);
  translatingErrors(dialect, "cannot create secret", [&] { return statement.execute(); });
  auto created = find(workspace_id, name);
  if (!created) throw StoreError("cannot create secret: the new row is not readable");
  return *created;
}

std::vector<SecretRow> SecretRepository::select(Session& session, const std::string& where,
                                                std::vector<std::string>& parameters,
                                                std::string_view suffix) {
  return selectRows<SecretColumns>(
      database_.dialect(), session,
      std::string("SELECT ") + kSecretColumns + " FROM secrets s " + where + std::string(suffix),
      parameters, "cannot read secrets");
}

std::optional<SecretRow> SecretRepository::find(std::string_view workspace_id,
                                                std::string_view name) {
  auto workspace = canonicalUuid(workspace_id);
  if (!workspace) return std::nullopt;
  std::vector<std::string> parameters{*workspace, std::string(name)};
  Session session = database_.session();
  auto rows = select(session, "WHERE s.workspace_id = ? AND s.name = ?", parameters, "");
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

SecretPage SecretRepository::list(std::string_view workspace_id, std::int64_t limit,
                                  std::int64_t offset) {
  SecretPage page;
  auto workspace = canonicalUuid(workspace_id);
  if (!workspace) return page;
  const Dialect& dialect = database_.dialect();
  std::vector<std::string> parameters{*workspace};
  Session session = database_.session();
  Poco::Int64 total = 0;
  Statement count(session);
  count << dialect.sql("SELECT COUNT(*) FROM secrets s WHERE s.workspace_id = ?"),
      use(parameters.front()), into(total);
  translatingErrors(dialect, "cannot count secrets", [&] { return count.execute(); });
  page.total = total;
  if (total <= offset) return page;
  page.rows = select(
      session, "WHERE s.workspace_id = ?", parameters,
      " ORDER BY s.name LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset));
  return page;
}

bool SecretRepository::update(std::string_view workspace_id, std::string_view name,
                              const std::optional<SealedText>& sealed,
                              const std::optional<std::optional<std::string>>& description) {
  auto workspace = canonicalUuid(workspace_id);
  if (!workspace) return false;
  const Dialect& dialect = database_.dialect();
  std::string assignments = "updated_at = " + std::string(dialect.nowExpression());
  std::string ciphertext, nonce;
  Poco::Int64 key_version = 1;
  Nullable<std::string> new_description;
  if (sealed) {
    assignments += ", ciphertext = ?, nonce = ?, key_version = ?";
    ciphertext = sealed->ciphertext;
    nonce = sealed->nonce;
    key_version = sealed->key_version;
  }
  if (description) {
    assignments += ", description = ?";
    new_description = toNullable(*description);
  }
  std::string name_text(name);
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql("UPDATE secrets SET " + assignments +
                           " WHERE workspace_id = ? AND name = ?");
  if (sealed) statement, use(ciphertext), use(nonce), use(key_version);
  if (description) statement, use(new_description);
  statement, use(*workspace), use(name_text);
  return translatingErrors(dialect, "cannot update secret", [&] { return statement.execute(); }) >
         0;
}

bool SecretRepository::remove(std::string_view workspace_id, std::string_view name) {
  auto workspace = canonicalUuid(workspace_id);
  if (!workspace) return false;
  const Dialect& dialect = database_.dialect();
  std::string name_text(name);
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql("DELETE FROM secrets WHERE workspace_id = ? AND name = ?"),
      use(*workspace), use(name_text);
  return translatingErrors(dialect, "cannot delete secret", [&] { return statement.execute(); }) >
         0;
}

std::vector<WorkspaceKeyRow> SecretRepository::selectKeys(Session& session,
                                                          const std::string& where,
                                                          std::vector<std::string>& parameters) {
  std::vector<WorkspaceKeyRow> rows;
  std::string workspace_id, wrapped_key, nonce, master_key_id;
  Poco::Int64 key_version = 1;
  Nullable<std::string> created_at;
  Statement statement(session);
  statement << database_.dialect().sql(
      "SELECT workspace_id, wrapped_key, nonce, key_version, master_key_id, created_at "
      "FROM workspace_keys " +
      where + " ORDER BY workspace_id");
  for (auto& parameter : parameters)
    statement, use(parameter);
  statement, into(workspace_id), into(wrapped_key), into(nonce), into(key_version),
      into(master_key_id), into(created_at), range(0, 1);
  translatingErrors(database_.dialect(), "cannot read workspace keys", [&] {
    while (!statement.done()) {
      if (statement.execute() == 0) break;
      rows.push_back({workspace_id,
                      {wrapped_key, nonce, key_version},
                      master_key_id,
                      toOptionalTimestamp(created_at).value_or("")});
    }
  });
  return rows;
}

std::optional<WorkspaceKeyRow> SecretRepository::findKey(std::string_view workspace_id) {
  auto workspace = canonicalUuid(workspace_id);
  if (!workspace) return std::nullopt;
  std::vector<std::string> parameters{*workspace};
  Session session = database_.session();
  auto rows = selectKeys(session, "WHERE workspace_id = ?", parameters);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

WorkspaceKeyRow SecretRepository::insertKeyOrGet(const WorkspaceKeyRow& key) {
  const Dialect& dialect = database_.dialect();
  std::string workspace_id = key.workspace_id;
  std::string wrapped_key = key.wrapped_key.ciphertext;
  std::string nonce = key.wrapped_key.nonce;
  Poco::Int64 key_version = key.wrapped_key.key_version;
  std::string master_key_id = key.master_key_id;
  {
    Session session = database_.session();
    Statement statement(session);
    // Two first secrets of one workspace at once: one key wins, the other request uses it.
    statement << dialect.sql(
        "INSERT INTO workspace_keys (workspace_id, wrapped_key, nonce, key_version, "
        "master_key_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (workspace_id) DO NOTHING"),
        use(workspace_id), use(wrapped_key), use(nonce), use(key_version), use(master_key_id);
    translatingErrors(dialect, "cannot store workspace key", [&] { return statement.execute(); });
  }
  auto stored = findKey(workspace_id);
  if (!stored) throw StoreError("cannot store workspace key: the row is not readable");
  return *stored;
}

std::vector<WorkspaceKeyRow> SecretRepository::allKeys(Session& session) {
  std::vector<std::string> parameters;
  return selectKeys(session, "", parameters);
}

void SecretRepository::replaceKey(Session& session, const WorkspaceKeyRow& key) {
  const Dialect& dialect = database_.dialect();
  std::string wrapped_key = key.wrapped_key.ciphertext;
  std::string nonce = key.wrapped_key.nonce;
  std::string master_key_id = key.master_key_id;
  std::string workspace_id = key.workspace_id;
  Statement statement(session);
  statement << dialect.sql(
      "UPDATE workspace_keys SET wrapped_key = ?, nonce = ?, master_key_id = ? "
      "WHERE workspace_id = ?"),
      use(wrapped_key), use(nonce), use(master_key_id), use(workspace_id);
  translatingErrors(dialect, "cannot re-wrap workspace key", [&] { return statement.execute(); });
}

}  // namespace orchestra::store
