#include "host/store/UserRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <cctype>

#include "host/store/EmailAddress.hpp"
#include "host/store/SqlValues.hpp"
#include "host/store/Timestamp.hpp"

namespace orchestra::store {

using Poco::Nullable;
using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

namespace {

constexpr std::string_view kColumns =
    "id, email, password_hash, full_name, avatar_url, is_active, is_verified, email_verified_at, "
    "last_login_at, created_at, updated_at";

// Where one users row lands. Booleans are extracted as bool on both dialects (PostgreSQL sends
// 't'/'f', which Poco's bool extractor understands; a string or int target would not).
struct UserColumns {
  std::string id;
  std::string email;
  Nullable<std::string> password_hash;
  Nullable<std::string> full_name;
  Nullable<std::string> avatar_url;
  Nullable<bool> is_active;
  Nullable<bool> is_verified;
  Nullable<std::string> email_verified_at;
  Nullable<std::string> last_login_at;
  Nullable<std::string> created_at;
  Nullable<std::string> updated_at;

  void bindInto(Statement& statement) {
    statement, into(id), into(email), into(password_hash), into(full_name), into(avatar_url),
        into(is_active), into(is_verified), into(email_verified_at), into(last_login_at),
        into(created_at), into(updated_at);
  }

  void readFrom(SqliteQuery& query) {
    query >> id >> email >> password_hash >> full_name >> avatar_url >> is_active >> is_verified >>
        email_verified_at >> last_login_at >> created_at >> updated_at;
  }

  UserRow row() const {
    return UserRow{id,
                   email,
                   toOptional(password_hash),
                   toOptional(full_name),
                   toOptional(avatar_url),
                   is_active.isNull() ? true : is_active.value(),
                   is_verified.isNull() ? false : is_verified.value(),
                   toOptionalTimestamp(email_verified_at),
                   toOptionalTimestamp(last_login_at),
                   toOptionalTimestamp(created_at).value_or(""),
                   toOptionalTimestamp(updated_at).value_or("")};
  }
};

}  // namespace

UserRow UserRepository::create(const NewUser& user) {
  Session session = database_.session();
  return create(session, user);
}

UserRow UserRepository::create(Session& session, const NewUser& user) {
  const Dialect& dialect = database_.dialect();
  std::string id = newUuid();
  std::string email = normalizeEmail(user.email);
  Nullable<std::string> password_hash = toNullable(user.password_hash);
  Nullable<std::string> full_name = toNullable(user.full_name);
  Nullable<std::string> avatar_url = toNullable(user.avatar_url);
  bool is_active = true;
  bool is_verified = user.is_verified;
  Nullable<std::string> email_verified_at =
      user.is_verified ? Nullable<std::string>(utcNowTimestamp()) : Nullable<std::string>();
  const std::string now_sql(dialect.nowExpression());
  translatingErrors(dialect, "cannot create user", [&] {
    session << dialect.sql(
        "INSERT INTO users (id, email, password_hash, full_name, avatar_url, "
        "is_active, is_verified, email_verified_at, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, " +
        now_sql + ", " + now_sql + ")"),
        use(id), use(email), use(password_hash), use(full_name), use(avatar_url), use(is_active),
        use(is_verified), use(email_verified_at), now;
  });
  auto created = findWhere(session, "id", id);
  if (!created) throw StoreError("cannot create user: the new row is not readable");
  return *created;
}

std::optional<UserRow> UserRepository::findByEmail(std::string_view email) {
  Session session = database_.session();
  return findByEmail(session, email);
}

std::optional<UserRow> UserRepository::findByEmail(Session& session, std::string_view email) {
  return findWhere(session, "email", normalizeEmail(email));
}

std::optional<UserRow> UserRepository::findById(std::string_view id) {
  Session session = database_.session();
  return findById(session, id);
}

std::optional<UserRow> UserRepository::findById(Session& session, std::string_view id) {
  const auto canonical = canonicalUuid(id);
  if (!canonical) return std::nullopt;
  return findWhere(session, "id", *canonical);
}

std::optional<UserRow> UserRepository::updateProfile(std::string_view id,
                                                     const ProfileUpdate& update) {
  return database_.withTransaction(
      [&](Session& session) { return updateProfile(session, id, update); });
}

std::optional<UserRow> UserRepository::updateProfile(Session& session, std::string_view id,
                                                     const ProfileUpdate& update) {
  const Dialect& dialect = database_.dialect();
  auto canonical = canonicalUuid(id);
  if (!canonical) return std::nullopt;
  std::string sql = "UPDATE users SET updated_at = " + std::string(dialect.nowExpression());
  // Bound by reference: they must live until the statement has run.
  Nullable<std::string> full_name;
  Nullable<std::string> avatar_url;
  Statement statement(session);
  if (update.full_name) {
    sql += ", full_name = ?";
    full_name = toNullable(*update.full_name);
  }
  if (update.avatar_url) {
    sql += ", avatar_url = ?";
    avatar_url = toNullable(*update.avatar_url);
  }
  sql += " WHERE id = ?";
  statement << dialect.sql(sql);
  if (update.full_name) statement.addBind(use(full_name));
  if (update.avatar_url) statement.addBind(use(avatar_url));
  statement.addBind(use(*canonical));
  const std::size_t changed =
      translatingErrors(dialect, "cannot update user profile", [&] { return statement.execute(); });
  if (changed == 0) return std::nullopt;
  return findWhere(session, "id", *canonical);
}

bool UserRepository::markLogin(std::string_view id) {
  Session session = database_.session();
  return markLogin(session, id);
}

bool UserRepository::markLogin(Session& session, std::string_view id) {
  const Dialect& dialect = database_.dialect();
  auto canonical = canonicalUuid(id);
  if (!canonical) return false;
  Statement statement(session);
  statement << dialect.sql(
      "UPDATE users SET last_login_at = " + std::string(dialect.nowExpression()) + " WHERE id = ?"),
      use(*canonical);
  return translatingErrors(dialect, "cannot record login", [&] { return statement.execute(); }) > 0;
}

std::optional<UserRow> UserRepository::findWhere(Session& session, std::string_view column,
                                                 const std::string& value) {
  const Dialect& dialect = database_.dialect();
  // `column` is one of this file's literals, never input.
  const std::string sql = dialect.sql("SELECT " + std::string(kColumns) + " FROM users WHERE " +
                                      std::string(column) + " = ?");
  UserColumns columns;
  if (auto* statements = database_.sqliteStatements()) {
    auto query = statements->query(session, sql, "cannot read user");
    query.bind(value);
    if (!query.next()) return std::nullopt;
    columns.readFrom(query);
    return columns.row();
  }
  std::string key = value;
  Statement statement(session);
  statement << sql, use(key);
  columns.bindInto(statement);
  const std::size_t rows =
      translatingErrors(dialect, "cannot read user", [&] { return statement.execute(); });
  if (rows == 0) return std::nullopt;
  return columns.row();
}

}  // namespace orchestra::store
