#include "host/store/OtpRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "host/store/SqlValues.hpp"
#include "host/store/Timestamp.hpp"

namespace orchestra::store {

using Poco::Nullable;
using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

std::string OtpRepository::replace(const NewOtp& otp) {
  const Dialect& dialect = database_.dialect();
  return database_.withTransaction([&](Session& session) {
    std::string email = otp.email;
    std::string id = newUuid();
    std::string code_hash = otp.code_hash;
    std::string purpose = otp.purpose;
    std::string expires_at = otp.expires_at;
    Nullable<std::string> ip_address = toNullable(otp.ip_address);
    Nullable<std::string> user_agent = toNullable(otp.user_agent);
    const std::string now_sql(dialect.nowExpression());
    session << dialect.sql("UPDATE otp_codes SET used_at = " + now_sql +
                           " WHERE email = ? AND used_at IS NULL"),
        use(email), now;
    session << dialect.sql(
        "INSERT INTO otp_codes (id, email, code, purpose, expires_at, ip_address, user_agent, "
        "attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, " +
        now_sql + ")"),
        use(id), use(email), use(code_hash), use(purpose), use(expires_at), use(ip_address),
        use(user_agent), now;
    return id;
  });
}

std::optional<OtpRow> OtpRepository::findLatestUnused(std::string_view email,
                                                      const std::vector<std::string>& purposes) {
  if (purposes.empty()) return std::nullopt;
  const Dialect& dialect = database_.dialect();
  Session session = database_.session();
  std::string key(email);
  std::vector<std::string> purpose_values = purposes;
  std::string sql =
      "SELECT id, email, code, purpose, expires_at, attempts FROM otp_codes "
      "WHERE email = ? AND used_at IS NULL AND purpose IN (";
  for (std::size_t i = 0; i < purposes.size(); ++i)
    sql += i == 0 ? "?" : ", ?";
  sql += ") ORDER BY created_at DESC, id DESC LIMIT 1";
  OtpRow row;
  Nullable<std::string> expires_at;
  Statement statement(session);
  statement << dialect.sql(sql);
  statement.addBind(use(key));
  for (auto& purpose : purpose_values)
    statement.addBind(use(purpose));
  statement, into(row.id), into(row.email), into(row.code_hash), into(row.purpose),
      into(expires_at), into(row.attempts);
  const std::size_t rows =
      translatingErrors(dialect, "cannot read OTP code", [&] { return statement.execute(); });
  if (rows == 0) return std::nullopt;
  row.expires_at = toOptionalTimestamp(expires_at).value_or("");
  return row;
}

bool OtpRepository::consumeAttempt(std::string_view id, int max_attempts) {
  const Dialect& dialect = database_.dialect();
  Session session = database_.session();
  std::string key(id);
  int limit = max_attempts;
  Statement statement(session);
  // One statement, so that concurrent guesses cannot both see "attempts < max".
  statement << dialect.sql(
      "UPDATE otp_codes SET attempts = attempts + 1 "
      "WHERE id = ? AND used_at IS NULL AND attempts < ?"),
      use(key), use(limit);
  return translatingErrors(dialect, "cannot count OTP attempt",
                           [&] { return statement.execute(); }) == 1;
}

bool OtpRepository::markUsed(Session& session, std::string_view id) {
  const Dialect& dialect = database_.dialect();
  std::string key(id);
  Statement statement(session);
  statement << dialect.sql(
      "UPDATE otp_codes SET used_at = " + std::string(dialect.nowExpression()) +
      " WHERE id = ? AND used_at IS NULL"),
      use(key);
  return translatingErrors(dialect, "cannot consume OTP code",
                           [&] { return statement.execute(); }) == 1;
}

}  // namespace orchestra::store
