// Databases for tests, on both dialects: the test run's PostgreSQL server (started by
// tests/support/postgres.sh) and throw-away databases that vanish with the test.
#pragma once

#include <filesystem>
#include <string>

#include "host/config/Config.hpp"
#include "host/store/Dialect.hpp"

namespace orchestra::testing {

// The URL of a PostgreSQL role with CREATEDB, read from ${ORCHESTRA_TEST_POSTGRES_DIR}/url
// (the environment variable of that name overrides the compiled-in folder). Throws
// std::runtime_error saying how to start the server when the file is missing: tests that need
// PostgreSQL fail, they never skip.
std::string postgresAdminUrl();

// The repository's migrations/ folder.
std::filesystem::path migrationsRoot();

// A database of its own for one test. PostgreSQL: a freshly created, uniquely named database
// on the test server, dropped WITH (FORCE) on destruction. SQLite: a file in a fresh temporary
// folder, removed on destruction.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(store::DialectKind dialect);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  const std::string& url() const noexcept { return url_; }
  store::DialectKind dialect() const noexcept { return dialect_; }
  // DatabaseSettings for this database: the URL, the repository's migrations, small timeouts.
  config::DatabaseSettings settings() const;

 private:
  store::DialectKind dialect_;
  std::string url_;
  std::string postgres_name_;         // PostgreSQL: the database to drop
  std::filesystem::path sqlite_dir_;  // SQLite: the folder to remove
};

// "sqlite" / "postgres", for test names of parameterized suites.
std::string dialectTestName(store::DialectKind dialect);

}  // namespace orchestra::testing
