// The one place where SQLite and PostgreSQL differ for the rest of the host: repositories write
// SQL once with `?` placeholders and ask the dialect for the few expressions that differ.
#pragma once

#include <exception>
#include <string>
#include <string_view>

#include "host/store/StoreError.hpp"

namespace orchestra::store {

enum class DialectKind { Sqlite, Postgres };

class Dialect {
 public:
  explicit Dialect(DialectKind kind) noexcept : kind_(kind) {}

  DialectKind kind() const noexcept { return kind_; }
  // "sqlite" / "postgresql", for messages and metrics labels.
  std::string_view name() const noexcept;
  // The Poco::Data connector key that opens sessions of this dialect.
  std::string_view connectorName() const noexcept;
  // The folder under database.migrations_dir holding this dialect's files.
  std::string_view migrationsFolder() const noexcept;

  // Turns portable SQL (with `?`) into what this dialect's connector accepts. Poco's SQLite
  // connector takes `?`; its PostgreSQL connector prepares the text as is, so it needs `$n`.
  // PostgreSQL infers each parameter's type from where it is used (Poco passes no types), so
  // a parameter with no context (`? IS NULL`, `SELECT ?`) needs CAST(? AS type).
  std::string sql(std::string_view portable_sql) const;
  // The placeholder of a parameter holding JSON text for a JSON column: CAST(? AS JSONB) on
  // PostgreSQL, ? on SQLite (TEXT; json_valid checks the small columns, see migration 0015).
  std::string_view jsonParameter() const noexcept;
  // The placeholder of a list parameter for an array column: PostgreSQL takes an array literal
  // (arrayLiteral in SqlValues.hpp) cast to `element_type`[]; SQLite stores a JSON array.
  std::string arrayParameter(std::string_view element_type) const;
  // How to select such a column as a JSON array: array_to_json(x)::text on PostgreSQL.
  std::string arrayAsJson(std::string_view column) const;
  // How to select a JSON column as text: x::text on PostgreSQL.
  std::string jsonAsText(std::string_view column) const;

  // The current time as this dialect stores it in a timestamp column (UTC).
  std::string_view nowExpression() const noexcept;
  // Opens a write transaction. SQLite takes the write lock up front (BEGIN IMMEDIATE): a
  // deferred transaction that later writes fails at once with SQLITE_BUSY, ignoring
  // busy_timeout, when another connection wrote in between.
  std::string_view beginTransactionSql() const noexcept;

  // Turns a connector exception into a StoreError whose message starts with `context` and ends
  // with the database's own message on one line, with the kind recognised from it.
  StoreError translate(const std::exception& error, std::string_view context) const;

 private:
  DialectKind kind_;
};

// Collapses a multi-line database message into one line (libpq and Poco add line breaks,
// caret markers and the statement text).
std::string oneLine(std::string_view message);

}  // namespace orchestra::store
