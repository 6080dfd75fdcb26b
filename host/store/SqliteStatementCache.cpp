#include "host/store/SqliteStatementCache.hpp"

#include <Poco/Data/SQLite/Utility.h>
#include <sqlite3.h>

#include <mutex>

#include "host/store/StoreError.hpp"

namespace orchestra::store {

namespace {

std::int64_t steadyNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SqliteStatementCache::~SqliteStatementCache() {
  finalizeAll();
}

void SqliteStatementCache::finalize(Connection& connection) noexcept {
  for (auto& [sql, statement] : connection.statements)
    sqlite3_finalize(statement);
  connection.statements.clear();
}

void SqliteStatementCache::finalizeAll() noexcept {
  std::unique_lock lock(mutex_);
  for (auto& [handle, connection] : connections_)
    finalize(*connection);
  connections_.clear();
}

std::shared_ptr<SqliteStatementCache::Connection> SqliteStatementCache::connectionFor(
    sqlite3* handle) {
  {
    std::shared_lock lock(mutex_);
    if (const auto it = connections_.find(handle); it != connections_.end()) {
      ++it->second->queries_open;
      return it->second;
    }
  }
  std::unique_lock lock(mutex_);
  auto& slot = connections_[handle];
  if (!slot) {
    slot = std::make_shared<Connection>();
    if (connections_.size() > max_connections_) evictIdleLocked();
  }
  ++slot->queries_open;
  return slot;
}

void SqliteStatementCache::evictIdleLocked() {
  // More handles than the pool can hold open: some belong to connections the pool has closed
  // (kept alive only by their statements). The least recently used idle one goes; if it was
  // alive after all, it merely prepares its statements again.
  auto oldest = connections_.end();
  for (auto it = connections_.begin(); it != connections_.end(); ++it) {
    const Connection& connection = *it->second;
    if (connection.queries_open.load() > 0 || connection.last_used_ns.load() == 0) continue;
    if (oldest == connections_.end() ||
        connection.last_used_ns.load() < oldest->second->last_used_ns.load()) {
      oldest = it;
    }
  }
  if (oldest == connections_.end()) return;
  finalize(*oldest->second);
  connections_.erase(oldest);
}

SqliteQuery SqliteStatementCache::query(Poco::Data::Session& session, const std::string& sql,
                                        std::string_view context) {
  sqlite3* handle = Poco::Data::SQLite::Utility::dbHandle(session);
  auto connection = connectionFor(handle);
  // Only the thread holding this pooled session touches its connection's statements.
  sqlite3_stmt*& statement = connection->statements[sql];
  if (statement == nullptr) {
    const int code = sqlite3_prepare_v3(handle, sql.c_str(), static_cast<int>(sql.size() + 1),
                                        SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (code != SQLITE_OK || statement == nullptr) {
      const std::string message = sqlite3_errmsg(handle);
      sqlite3_finalize(statement);
      connection->statements.erase(sql);
      --connection->queries_open;
      throw StoreError(std::string(context) + ": " + message);
    }
  }
  return SqliteQuery(std::move(connection), statement, context);
}

SqliteQuery::SqliteQuery(SqliteQuery&& other) noexcept
    : connection_(std::move(other.connection_)),
      statement_(other.statement_),
      context_(other.context_),
      next_parameter_(other.next_parameter_),
      next_column_(other.next_column_),
      done_(other.done_) {
  other.statement_ = nullptr;
}

SqliteQuery::~SqliteQuery() {
  if (statement_ == nullptr) return;
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  connection_->last_used_ns = steadyNowNs();
  --connection_->queries_open;
}

void SqliteQuery::fail(int code) const {
  throw StoreError(std::string(context_) + ": " + sqlite3_errmsg(sqlite3_db_handle(statement_)) +
                   " (SQLite code " + std::to_string(code) + ")");
}

SqliteQuery& SqliteQuery::bind(const std::string& value) {
  // SQLITE_TRANSIENT: SQLite copies the text, so the caller's string may go away.
  const int code = sqlite3_bind_text(statement_, next_parameter_++, value.data(),
                                     static_cast<int>(value.size()), SQLITE_TRANSIENT);
  if (code != SQLITE_OK) fail(code);
  return *this;
}

SqliteQuery& SqliteQuery::bind(Poco::Int64 value) {
  const int code = sqlite3_bind_int64(statement_, next_parameter_++, value);
  if (code != SQLITE_OK) fail(code);
  return *this;
}

bool SqliteQuery::next() {
  if (done_) return false;
  next_column_ = 0;
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  done_ = true;
  if (code != SQLITE_DONE) fail(code);
  return false;
}

bool SqliteQuery::columnIsNull() const {
  return sqlite3_column_type(statement_, next_column_) == SQLITE_NULL;
}

SqliteQuery& SqliteQuery::operator>>(std::string& value) {
  const auto* text = sqlite3_column_text(statement_, next_column_);
  const int bytes = sqlite3_column_bytes(statement_, next_column_);
  if (text == nullptr) {
    value.clear();
  } else {
    value.assign(reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes));
  }
  ++next_column_;
  return *this;
}

SqliteQuery& SqliteQuery::operator>>(Poco::Nullable<std::string>& value) {
  if (columnIsNull()) {
    value.clear();
    ++next_column_;
    return *this;
  }
  std::string text;
  *this >> text;
  value = std::move(text);
  return *this;
}

SqliteQuery& SqliteQuery::operator>>(Poco::Int64& value) {
  value = sqlite3_column_int64(statement_, next_column_++);
  return *this;
}

SqliteQuery& SqliteQuery::operator>>(Poco::Nullable<Poco::Int64>& value) {
  if (columnIsNull()) {
    value.clear();
  } else {
    value = static_cast<Poco::Int64>(sqlite3_column_int64(statement_, next_column_));
  }
  ++next_column_;
  return *this;
}

SqliteQuery& SqliteQuery::operator>>(Poco::Nullable<bool>& value) {
  if (columnIsNull()) {
    value.clear();
  } else {
    value = sqlite3_column_int(statement_, next_column_) != 0;
  }
  ++next_column_;
  return *this;
}

}  // namespace orchestra::store
