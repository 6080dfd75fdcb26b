#include "host/store/SqliteStatement.hpp"

#include <Poco/Data/SQLite/Utility.h>
#include <sqlite3.h>

#include <stdexcept>

#include "host/store/Dialect.hpp"

namespace orchestra::store {

SqliteStatement::SqliteStatement(Poco::Data::Session& session, const char* sql)
    : connection_(Poco::Data::SQLite::Utility::dbHandle(session)) {
  if (sqlite3_prepare_v2(connection_, sql, -1, &statement_, nullptr) != SQLITE_OK) {
    const std::string message = sqlite3_errmsg(connection_);
    sqlite3_finalize(statement_);
    throw StoreError("cannot prepare statement: " + oneLine(message));
  }
}

SqliteStatement::~SqliteStatement() {
  sqlite3_finalize(statement_);
}

void SqliteStatement::bind(int position, std::string_view text) noexcept {
  sqlite3_bind_text(statement_, position, text.data(), static_cast<int>(text.size()),
                    SQLITE_STATIC);
}

void SqliteStatement::bind(int position, const std::optional<std::string>& text) noexcept {
  if (text) {
    bind(position, std::string_view(*text));
  } else {
    sqlite3_bind_null(statement_, position);
  }
}

void SqliteStatement::bind(int position, std::int64_t number) noexcept {
  sqlite3_bind_int64(statement_, position, number);
}

void SqliteStatement::bind(int position, const std::optional<std::int64_t>& number) noexcept {
  if (number) {
    bind(position, *number);
  } else {
    sqlite3_bind_null(statement_, position);
  }
}

bool SqliteStatement::run(std::string& error) {
  int result = sqlite3_step(statement_);
  while (result == SQLITE_ROW)
    result = sqlite3_step(statement_);
  if (result != SQLITE_DONE) error = sqlite3_errmsg(connection_);  // before reset reuses it
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  return result == SQLITE_DONE;
}

int SqliteStatement::changes() const noexcept {
  return sqlite3_changes(connection_);
}

void SqliteStatement::fail(const std::string& context, const std::string& message) {
  // Dialect::translate recognises the constraint kinds from SQLite's own wording.
  throw Dialect(DialectKind::Sqlite).translate(std::runtime_error(message), context);
}

}  // namespace orchestra::store
