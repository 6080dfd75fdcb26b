#include "host/store/Database.hpp"

#include <Poco/Data/DataException.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SessionPool.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <mutex>
#include <thread>

namespace orchestra::store {

using Poco::Data::Session;
using namespace Poco::Data::Keywords;

void registerDatabaseConnectors() {
  static std::once_flag once;
  std::call_once(once, [] {
    // SQLite counts every allocation in global statistics guarded by one process-wide mutex
    // (SQLITE_CONFIG_MEMSTATUS, on by default): under load every thread preparing or running a
    // statement queues on it. Nothing here reads those statistics. Only possible before SQLite
    // initialises (the first connection does that); if something initialised it earlier the call
    // fails harmlessly and the statistics stay on.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
  });
}

// Poco's pool calls customizeSession() once per new connection, before anyone uses it: the
// one place where per-connection settings cannot be forgotten.
class Database::Pool : public Poco::Data::SessionPool {
 public:
  Pool(const Dialect& dialect, const config::DatabaseSettings& settings,
       const std::string& connection_string, int min_sessions, int max_sessions)
      : Poco::Data::SessionPool(std::string(dialect.connectorName()), connection_string,
                                min_sessions, max_sessions),
        dialect_(dialect),
        busy_timeout_ms_(settings.busy_timeout_ms),
        synchronous_(settings.sqlite_synchronous == "full" ? "FULL" : "NORMAL") {}

 protected:
  void customizeSession(Session& session) override {
    if (dialect_.kind() == DialectKind::Sqlite) {
      // Both are per connection in SQLite, and foreign keys are off by default.
      session << "PRAGMA foreign_keys = ON", now;
      session << "PRAGMA busy_timeout = " + std::to_string(busy_timeout_ms_), now;
      // Per connection too. Under WAL, NORMAL syncs only at checkpoints: a commit survives a
      // process crash but the last ones may not survive a power loss; FULL syncs every commit.
      session << "PRAGMA synchronous = " + synchronous_, now;
    } else {
      // TIMESTAMP columns hold UTC; NOW() and casts must agree whatever the server's zone.
      session << "SET TIME ZONE 'UTC'", now;
      // libpq prints NOTICEs (e.g. "table does not exist, skipping") on stderr by default.
      session << "SET client_min_messages TO WARNING", now;
    }
  }

 private:
  const Dialect& dialect_;
  int busy_timeout_ms_;
  std::string synchronous_;
};

namespace {

void validate(const config::DatabaseSettings& settings) {
  auto bad = [](const std::string& message) {
    throw StoreError(message, StoreErrorKind::InvalidConfiguration);
  };
  if (settings.pool_max_sessions < 1 || settings.pool_max_sessions > Database::kMaxPoolSessions) {
    bad("database.pool_max_sessions must be from 1 to " +
        std::to_string(Database::kMaxPoolSessions));
  }
  if (settings.pool_min_sessions < 0 || settings.pool_min_sessions > settings.pool_max_sessions) {
    bad("database.pool_min_sessions must be from 0 to database.pool_max_sessions");
  }
  if (settings.busy_timeout_ms < 0) bad("database.busy_timeout_ms must not be negative");
  if (settings.connect_timeout_ms < 1) bad("database.connect_timeout_ms must be positive");
  if (settings.sqlite_synchronous != "normal" && settings.sqlite_synchronous != "full") {
    bad("database.sqlite_synchronous must be normal or full");
  }
}

// libpq counts whole seconds (and treats 1 as 2); round up so a small setting never means
// "wait forever" (0).
int connectTimeoutSeconds(int connect_timeout_ms) {
  return std::max(1, (connect_timeout_ms + 999) / 1000);
}

std::string postgresConnectionString(const DatabaseUrl& url, int connect_timeout_ms) {
  // Poco 1.11's PostgreSQL connector re-parses the string, splitting at every space before
  // libpq sees it, so a quoted value with a space cannot get through.
  for (const auto& [key, value] : url.postgresParameters()) {
    const bool has_space = std::any_of(value.begin(), value.end(), [](char c) {
      return std::isspace(static_cast<unsigned char>(c)) != 0;
    });
    if (has_space) {
      throw StoreError("database.url: the " + key +
                           " contains whitespace, which Poco's PostgreSQL connector cannot pass "
                           "on; use the PGPASSWORD environment variable or a passfile instead (" +
                           url.redacted() + ")",
                       StoreErrorKind::InvalidConfiguration);
    }
  }
  return url.libpqConnectionString(connectTimeoutSeconds(connect_timeout_ms));
}

void prepareSqliteFile(const DatabaseUrl& url) {
  const std::filesystem::path file(url.sqlitePath());
  if (!file.has_parent_path()) return;
  std::error_code error;
  std::filesystem::create_directories(file.parent_path(), error);
  if (error) {
    throw StoreError("cannot create the folder for " + url.redacted() + ": " + error.message(),
                     StoreErrorKind::Unavailable);
  }
}

}  // namespace

Database::Database(const config::DatabaseSettings& settings)
    : settings_(settings), url_(DatabaseUrl::parse(settings.url)), dialect_(url_.dialect()) {
  validate(settings_);
  registerDatabaseConnectors();
  int min_sessions = settings_.pool_min_sessions;
  int max_sessions = settings_.pool_max_sessions;
  std::string connection_string;
  if (dialect_.kind() == DialectKind::Sqlite) {
    connection_string = url_.sqlitePath();
    if (url_.isInMemory()) {
      // Each connection to ":memory:" is a database of its own: keep exactly one, for good.
      min_sessions = 1;
      max_sessions = 1;
    } else {
      prepareSqliteFile(url_);
      try {
        // Poco's pool opens SQLite with a 60 s login timeout during which it retries a failing
        // open; a probe with timeout 0 turns a bad path into an immediate error instead.
        Session probe(std::string(dialect_.connectorName()), connection_string, 0);
        probe << "PRAGMA busy_timeout = " + std::to_string(settings_.busy_timeout_ms), now;
        // WAL is a property of the file: set once, it stays for every later connection.
        std::string journal_mode;
        probe << "PRAGMA journal_mode = WAL", into(journal_mode), now;
      } catch (const Poco::Exception& error) {
        throw StoreError(
            "cannot open database " + url_.redacted() + ": " + oneLine(error.displayText()),
            StoreErrorKind::Unavailable);
      }
    }
  } else {
    connection_string = postgresConnectionString(url_, settings_.connect_timeout_ms);
    postgres_connection_string_ = connection_string;
  }
  if (dialect_.kind() == DialectKind::Sqlite) {
    // Room for every live connection plus as many the pool has closed since (see the class).
    sqlite_statements_ =
        std::make_unique<SqliteStatementCache>(2 * static_cast<std::size_t>(max_sessions));
  }
  pool_ =
      std::make_unique<Pool>(dialect_, settings_, connection_string, min_sessions, max_sessions);
  // Fail at start-up, not at the first request.
  Session first = session();
  (void)first;
}

Database::~Database() {
  // Statements first: a connection closes only once its statements are finalized.
  if (sqlite_statements_) sqlite_statements_->finalizeAll();
  if (pool_) pool_->shutdown();
}

Session Database::session() {
  return acquire(std::chrono::milliseconds(settings_.connect_timeout_ms));
}

void Database::refuseIfPostgresIsDown() const {
  // Poco 1.11 leaks the PGconn of every failed connect (about 35 KB: SessionHandle::connect
  // never PQfinish-es it), and a readiness probe against a dead server would leak at every
  // call. PQping asks the server without authenticating and frees what it allocates.
  switch (PQping(postgres_connection_string_.c_str())) {
    case PQPING_NO_RESPONSE:
      throw StoreError("cannot open database " + url_.redacted() + ": the server does not respond",
                       StoreErrorKind::Unavailable);
    case PQPING_REJECT:
      throw StoreError("cannot open database " + url_.redacted() +
                           ": the server rejects connections (starting up or shutting down?)",
                       StoreErrorKind::Unavailable);
    case PQPING_OK:
    case PQPING_NO_ATTEMPT:  // bad parameters: the real connect reports them properly
      break;
  }
}

Session Database::acquire(std::chrono::milliseconds wait) {
  // Only when the pool is about to open a new connection (a race here costs a leak, no more).
  if (dialect_.kind() == DialectKind::Postgres && pool_->idle() == 0 &&
      pool_->allocated() < pool_->capacity()) {
    refuseIfPostgresIsDown();
  }
  const auto deadline = std::chrono::steady_clock::now() + wait;
  auto pause = std::chrono::milliseconds(1);
  while (true) {
    try {
      return pool_->get();
    } catch (const Poco::Data::SessionPoolExhaustedException&) {
      if (std::chrono::steady_clock::now() >= deadline) {
        throw StoreError("all " + std::to_string(pool_->capacity()) + " sessions to " +
                             url_.redacted() + " stayed busy for " + std::to_string(wait.count()) +
                             " ms (database.pool_max_sessions)",
                         StoreErrorKind::Unavailable);
      }
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::milliseconds(20));
    } catch (const Poco::Exception& error) {
      throw StoreError(
          "cannot open database " + url_.redacted() + ": " + oneLine(error.displayText()),
          StoreErrorKind::Unavailable);
    }
  }
}

bool Database::ping(std::string* error) noexcept {
  try {
    // A probe waits briefly for a free session: a saturated pool still means a live database.
    Session session = acquire(std::min(std::chrono::milliseconds(settings_.connect_timeout_ms),
                                       std::chrono::milliseconds(1000)));
    int one = 0;
    session << "SELECT 1", into(one), now;
    if (one == 1) return true;
    if (error != nullptr) *error = "SELECT 1 returned " + std::to_string(one);
  } catch (const std::exception& failure) {
    try {
      if (error != nullptr) *error = dialect_.translate(failure, "ping").what();
    } catch (...) {
    }
  } catch (...) {
    try {
      if (error != nullptr) *error = "ping: unknown error";
    } catch (...) {
    }
  }
  return false;
}

void Database::execute(Session& session, std::string_view portable_sql) const {
  session << dialect_.sql(portable_sql), now;
}

void Database::begin(Session& session) const {
  try {
    if (dialect_.kind() == DialectKind::Sqlite) {
      session << std::string(dialect_.beginTransactionSql()), now;
    } else {
      // Poco's own begin() marks the session, so the pool rolls back (or drops) a session
      // that comes back with a transaction still open.
      session.begin();
    }
  } catch (const Poco::Exception& error) {
    throw dialect_.translate(error, "cannot begin a transaction");
  }
}

void Database::commit(Session& session) const {
  try {
    session.commit();
  } catch (const Poco::Exception& error) {
    throw dialect_.translate(error, "cannot commit");
  }
}

void Database::rollbackQuietly(Session& session) const noexcept {
  try {
    session.rollback();
  } catch (...) {
    // The original failure is what the caller needs; a session that cannot roll back is
    // broken, and the pool drops broken sessions when they come back.
  }
}

void Database::rethrowTranslated(std::string_view context) const {
  try {
    throw;
  } catch (const StoreError&) {
    throw;
  } catch (const Poco::Exception& error) {
    throw dialect_.translate(error, context);
  }
}

}  // namespace orchestra::store
