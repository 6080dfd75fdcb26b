#include "host/store/Dialect.hpp"

#include <Poco/Data/DataException.h>
#include <Poco/Exception.h>

#include <cctype>

#include "host/store/SqlText.hpp"

namespace orchestra::store {

std::string_view Dialect::name() const noexcept {
  return kind_ == DialectKind::Sqlite ? "sqlite" : "postgresql";
}

std::string_view Dialect::connectorName() const noexcept {
  return kind_ == DialectKind::Sqlite ? "sqlite" : "postgresql";
}

std::string_view Dialect::migrationsFolder() const noexcept {
  return kind_ == DialectKind::Sqlite ? "sqlite" : "postgres";
}

std::string Dialect::sql(std::string_view portable_sql) const {
  if (kind_ == DialectKind::Sqlite) return std::string(portable_sql);
  return rewritePlaceholdersToDollar(portable_sql);
}

std::string_view Dialect::nowExpression() const noexcept {
  // Both produce the same instant; the text forms differ and rows normalise them on reading.
  return kind_ == DialectKind::Sqlite ? "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                                      : "(NOW() AT TIME ZONE 'UTC')";
}

std::string_view Dialect::jsonParameter() const noexcept {
  return kind_ == DialectKind::Postgres ? "CAST(? AS JSONB)" : "?";
}

std::string Dialect::arrayParameter(std::string_view element_type) const {
  return kind_ == DialectKind::Postgres ? "CAST(? AS " + std::string(element_type) + "[])" : "?";
}

std::string Dialect::arrayAsJson(std::string_view column) const {
  return kind_ == DialectKind::Postgres ? "array_to_json(" + std::string(column) + ")::text"
                                        : std::string(column);
}

std::string Dialect::jsonAsText(std::string_view column) const {
  return kind_ == DialectKind::Postgres ? std::string(column) + "::text" : std::string(column);
}

std::string_view Dialect::beginTransactionSql() const noexcept {
  return kind_ == DialectKind::Sqlite ? "BEGIN IMMEDIATE" : "BEGIN";
}

StoreError Dialect::translate(const std::exception& error, std::string_view context) const {
  if (const auto* store_error = dynamic_cast<const StoreError*>(&error)) {
    return StoreError(std::string(context) + ": " + store_error->what(), store_error->kind());
  }
  std::string detail;
  if (const auto* poco_error = dynamic_cast<const Poco::Exception*>(&error)) {
    detail = oneLine(poco_error->displayText());
  } else {
    detail = oneLine(error.what());
  }
  StoreErrorKind kind = StoreErrorKind::Failure;
  // PostgreSQL messages carry the SQLSTATE (Poco appends "State: 23505"); SQLite's carry the
  // constraint's English description.
  if (detail.find("State: 23505") != std::string::npos ||
      detail.find("UNIQUE constraint failed") != std::string::npos) {
    kind = StoreErrorKind::UniqueViolation;
  } else if (detail.find("State: 23503") != std::string::npos ||
             detail.find("FOREIGN KEY constraint failed") != std::string::npos) {
    kind = StoreErrorKind::ForeignKeyViolation;
  } else if (detail.find("State: 40P01") != std::string::npos ||
             detail.find("State: 40001") != std::string::npos) {
    kind = StoreErrorKind::TransactionConflict;
  } else if (dynamic_cast<const Poco::Data::ConnectionFailedException*>(&error) != nullptr ||
             detail.find("server closed the connection") != std::string::npos ||
             detail.find("no connection to the server") != std::string::npos) {
    kind = StoreErrorKind::Unavailable;
  }
  return StoreError(std::string(context) + ": " + detail, kind);
}

std::string oneLine(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  bool pending_space = false;
  for (const char c : message) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

}  // namespace orchestra::store
