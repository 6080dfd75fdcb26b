// Prepared SQLite statements kept per pooled connection, for the hot reads: Poco 1.11's SQLite
// connector parses and plans the SQL again on every execution, even of a reused Statement.
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Nullable.h>
#include <Poco/Types.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace orchestra::store {

class SqliteQuery;

// THREADS: a pooled session is used by one thread at a time, and so are the statements of its
// connection; the map of connections is shared (readers do not block each other).
// LIFETIME: statements keep their connection alive (Poco closes with sqlite3_close_v2, which
// waits for them), so a connection the pool closed lingers until its entry is evicted: the map
// holds at most `max_connections` entries and evicts the least recently used idle one beyond
// that. finalizeAll() must run before the pool closes its sessions for good.
class SqliteStatementCache {
 public:
  explicit SqliteStatementCache(std::size_t max_connections) : max_connections_(max_connections) {}
  ~SqliteStatementCache();
  SqliteStatementCache(const SqliteStatementCache&) = delete;
  SqliteStatementCache& operator=(const SqliteStatementCache&) = delete;

  // `sql` (SQLite syntax, `?` parameters, one statement) prepared on `session`'s connection the
  // first time, reused afterwards. `context` starts the StoreError message of any failure.
  SqliteQuery query(Poco::Data::Session& session, const std::string& sql, std::string_view context);

  // Finalizes every statement; nothing may be in use.
  void finalizeAll() noexcept;

 private:
  friend class SqliteQuery;
  struct Connection {
    std::unordered_map<std::string, sqlite3_stmt*> statements;
    std::atomic<int> queries_open{0};  // a connection with open queries is never evicted
    std::atomic<std::int64_t> last_used_ns{0};
  };

  std::shared_ptr<Connection> connectionFor(sqlite3* handle);
  void evictIdleLocked();
  static void finalize(Connection& connection) noexcept;

  std::size_t max_connections_;
  std::shared_mutex mutex_;
  std::unordered_map<sqlite3*, std::shared_ptr<Connection>> connections_;
};

// One execution of a cached statement: bind the parameters in order, step through the rows and
// read each row's columns in order. Resets the statement (and releases the connection's entry)
// when it goes out of scope, so it must not outlive the session it came from, and the same SQL
// must not be queried again on that session while it is open. `context` must outlive it (a
// literal).
class SqliteQuery {
 public:
  SqliteQuery(SqliteQuery&& other) noexcept;
  SqliteQuery& operator=(SqliteQuery&&) = delete;
  ~SqliteQuery();

  SqliteQuery& bind(const std::string& value);
  SqliteQuery& bind(Poco::Int64 value);

  // Advances to the next row; false when there is none. Columns are then read from the first.
  bool next();

  // Reads the next column of the current row, as Poco's SQLite extractors do: NULL is an empty
  // string, 0 or false when the target is not Nullable.
  SqliteQuery& operator>>(std::string& value);
  SqliteQuery& operator>>(Poco::Nullable<std::string>& value);
  SqliteQuery& operator>>(Poco::Int64& value);
  SqliteQuery& operator>>(Poco::Nullable<Poco::Int64>& value);
  SqliteQuery& operator>>(Poco::Nullable<bool>& value);

 private:
  friend class SqliteStatementCache;
  SqliteQuery(std::shared_ptr<SqliteStatementCache::Connection> connection, sqlite3_stmt* statement,
              std::string_view context)
      : connection_(std::move(connection)), statement_(statement), context_(context) {}
  [[noreturn]] void fail(int code) const;
  bool columnIsNull() const;

  std::shared_ptr<SqliteStatementCache::Connection> connection_;
  sqlite3_stmt* statement_;
  std::string_view context_;
  int next_parameter_ = 1;
  int next_column_ = 0;
  bool done_ = false;  // stepping past the end would run the statement again
};

}  // namespace orchestra::store
