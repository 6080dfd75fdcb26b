#include "tests/support/TestDatabase.hpp"

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <Poco/UUIDGenerator.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "host/store/Database.hpp"
#include "host/store/DatabaseUrl.hpp"

namespace orchestra::testing {
namespace {

using namespace Poco::Data::Keywords;

std::filesystem::path postgresFixtureDir() {
  if (const char* from_env = std::getenv("ORCHESTRA_TEST_POSTGRES_DIR");
      from_env != nullptr && *from_env != '\0') {
    return from_env;
  }
  return ORCHESTRA_TEST_POSTGRES_DIR;
}

std::string uniqueSuffix() {
  static std::atomic<int> counter{0};
  std::string random = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
  random.erase(8);
  return std::to_string(::getpid()) + "_" + std::to_string(counter.fetch_add(1)) + "_" + random;
}

// The admin URL with its path (the database name) replaced.
std::string withDatabaseName(const std::string& url, const std::string& name) {
  const std::size_t authority = url.find("://");
  const std::size_t path = url.find('/', authority == std::string::npos ? 0 : authority + 3);
  if (authority == std::string::npos || path == std::string::npos) {
    throw std::runtime_error("the PostgreSQL test URL has no database path");
  }
  const std::size_t query = url.find('?', path);
  return url.substr(0, path + 1) + name + (query == std::string::npos ? "" : url.substr(query));
}

// One statement on an admin connection of its own (CREATE/DROP DATABASE cannot run in a
// transaction and must not hold a pooled session of the database being dropped).
void runAdminStatement(const std::string& statement) {
  store::registerDatabaseConnectors();
  const auto admin = store::DatabaseUrl::parse(postgresAdminUrl());
  Poco::Data::Session session("postgresql", admin.libpqConnectionString(5));
  session << "SET client_min_messages TO WARNING", now;
  session << statement, now;
}

}  // namespace

std::string postgresAdminUrl() {
  const std::filesystem::path file = postgresFixtureDir() / "url";
  std::ifstream in(file);
  std::string url;
  if (!in || !std::getline(in, url) || url.empty()) {
    throw std::runtime_error(
        "no PostgreSQL for tests: " + file.string() +
        " is missing; run the tests through ctest (fixture postgres.start) or "
        "`tests/support/postgres.sh start <dir>` and set ORCHESTRA_TEST_POSTGRES_DIR=<dir>");
  }
  while (!url.empty() && (url.back() == '\r' || url.back() == ' '))
    url.pop_back();
  return url;
}

std::filesystem::path migrationsRoot() {
  return std::filesystem::path(ORCHESTRA_SOURCE_DIR) / "migrations";
}

ScratchDatabase::ScratchDatabase(store::DialectKind dialect) : dialect_(dialect) {
  if (dialect_ == store::DialectKind::Postgres) {
    postgres_name_ = "orchestra_test_" + uniqueSuffix();
    try {
      runAdminStatement("CREATE DATABASE " + postgres_name_);
    } catch (const Poco::Exception& error) {
      throw std::runtime_error("cannot create scratch database " + postgres_name_ + ": " +
                               error.displayText());
    }
    url_ = withDatabaseName(postgresAdminUrl(), postgres_name_);
  } else {
    sqlite_dir_ = std::filesystem::temp_directory_path() / ("orchestra_test_" + uniqueSuffix());
    std::filesystem::create_directories(sqlite_dir_);
    // Four slashes: an absolute path.
    url_ = "sqlite:///" + (sqlite_dir_ / "test.db").string();
  }
}

ScratchDatabase::~ScratchDatabase() {
  try {
    if (!postgres_name_.empty()) {
      runAdminStatement("DROP DATABASE IF EXISTS " + postgres_name_ + " WITH (FORCE)");
    }
    if (!sqlite_dir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(sqlite_dir_, ignored);
    }
  } catch (...) {
    // A leftover scratch database is harmless; a throwing destructor is not.
  }
}

config::DatabaseSettings ScratchDatabase::settings() const {
  config::DatabaseSettings settings;
  settings.url = url_;
  settings.pool_min_sessions = 1;
  settings.pool_max_sessions = 4;
  settings.busy_timeout_ms = 2000;
  settings.connect_timeout_ms = 2000;
  settings.migrations_dir = migrationsRoot().string();
  return settings;
}

std::string dialectTestName(store::DialectKind dialect) {
  return dialect == store::DialectKind::Sqlite ? "sqlite" : "postgres";
}

}  // namespace orchestra::testing
