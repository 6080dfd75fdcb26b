// The host's database handle: a pool of Poco::Data sessions for database.url (SQLite or
// PostgreSQL), each set up the same way, plus readiness probing and a transaction helper.
#pragma once

#include <Poco/Data/Session.h>

#include <chrono>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "host/config/Config.hpp"
#include "host/store/DatabaseUrl.hpp"
#include "host/store/Dialect.hpp"
#include "host/store/SqliteStatementCache.hpp"
#include "host/store/StoreError.hpp"

namespace orchestra::store {

// Registers Poco's SQLite and PostgreSQL connectors; safe to call from any thread, any number
// of times (the first call does the work).
void registerDatabaseConnectors();

class Database {
 public:
  // The largest pool the host accepts: each PostgreSQL session is a server process.
  static constexpr int kMaxPoolSessions = 256;

  // Opens the pool and one session, so a wrong URL or an unreachable server fails here with a
  // one-line StoreError naming the redacted URL. SQLite: creates the file's folder, turns on
  // WAL. Every pooled session gets (SQLite) foreign_keys=ON and busy_timeout, (PostgreSQL)
  // TimeZone=UTC and notices below WARNING silenced.
  explicit Database(const config::DatabaseSettings& settings);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const Dialect& dialect() const noexcept { return dialect_; }
  const DatabaseUrl& url() const noexcept { return url_; }

  // A pooled session; it goes back to the pool when the last copy is destroyed (the Database
  // must outlive every session it handed out: Poco's pooled sessions point back at the pool). Waits
  // up to database.connect_timeout_ms for a free one (Poco's pool throws at once when exhausted),
  // then throws StoreError (Unavailable), as it does when the server cannot be reached.
  Poco::Data::Session session();

  // SQLite: the prepared statements of the pooled connections, for the hot reads (Poco would
  // parse their SQL again on every call). PostgreSQL: null; repositories use Poco::Data.
  SqliteStatementCache* sqliteStatements() noexcept { return sqlite_statements_.get(); }

  // SELECT 1 on a pooled session, for readiness probes. Never throws; false (with the reason
  // in `error` when given) when the database cannot answer. Bounded by the connect timeout
  // when the server is gone (connection refused comes back at once).
  bool ping(std::string* error = nullptr) noexcept;

  // Runs fn(session) in one transaction on one pooled session: commits when fn returns,
  // rolls back and rethrows when it throws. Connector exceptions become StoreError.
  template <typename Fn>
  auto withTransaction(Fn&& fn) -> std::invoke_result_t<Fn&, Poco::Data::Session&>;

  // Runs `portable_sql` (with `?`, rewritten for the dialect) with no parameters or results:
  // DDL and PRAGMA-like statements; used by the migration runner and tests.
  void execute(Poco::Data::Session& session, std::string_view portable_sql) const;

  // The pieces of withTransaction, for a caller that keeps one session across many transactions
  // (the runtime's group-commit writer). begin() takes SQLite's write lock up front; begin and
  // commit throw StoreError.
  void begin(Poco::Data::Session& session) const;
  void commit(Poco::Data::Session& session) const;
  void rollbackQuietly(Poco::Data::Session& session) const noexcept;

 private:
  class Pool;

  Poco::Data::Session acquire(std::chrono::milliseconds wait);
  void refuseIfPostgresIsDown() const;
  [[noreturn]] void rethrowTranslated(std::string_view context) const;

  config::DatabaseSettings settings_;
  DatabaseUrl url_;
  Dialect dialect_;
  std::string postgres_connection_string_;                   // holds the password: never logged
  std::unique_ptr<SqliteStatementCache> sqlite_statements_;  // finalized before the pool closes
  std::unique_ptr<Pool> pool_;
};

template <typename Fn>
auto Database::withTransaction(Fn&& fn) -> std::invoke_result_t<Fn&, Poco::Data::Session&> {
  using Result = std::invoke_result_t<Fn&, Poco::Data::Session&>;
  Poco::Data::Session session = this->session();
  begin(session);
  try {
    if constexpr (std::is_void_v<Result>) {
      fn(session);
      commit(session);
    } else {
      Result result = fn(session);
      commit(session);
      return result;
    }
  } catch (...) {
    rollbackQuietly(session);
    rethrowTranslated("transaction failed");
  }
}

}  // namespace orchestra::store
