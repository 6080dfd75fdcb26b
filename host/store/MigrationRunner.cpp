#include "host/store/MigrationRunner.hpp"

#include <Poco/Exception.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>

#include "host/store/SqlText.hpp"
#include "host/store/Timestamp.hpp"
#include "host/text/Sha256.hpp"

namespace orchestra::store {

using Poco::Data::Session;
using namespace Poco::Data::Keywords;

namespace {

// Serialises migration transactions across hosts sharing one PostgreSQL database (an arbitrary
// constant: "Orchmig" in ASCII).
constexpr long long kMigrationLockKey = 0x4f7263686d6967LL;

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw StoreError("cannot read migration " + path.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void lockMigrations(const Database& database, Session& session) {
  if (database.dialect().kind() == DialectKind::Postgres) {
    // Released at the end of the transaction; SQLite's BEGIN IMMEDIATE already serialises.
    session << "SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")", now;
  }
}

// A migration may edit a table's text in sqlite_schema (under writable_schema, SQLite's documented
// way to drop a CHECK without rebuilding a table that others reference). Only a new schema_version
// makes connections, this one included, read that text again; DDL alone updates each connection's
// own copy. Bumping it after every file costs nothing and needs no marker in the file.
void bumpSqliteSchemaVersion(Session& session) {
  Poco::Int64 schema_version = 0;
  session << "PRAGMA schema_version", into(schema_version), now;
  session << "PRAGMA schema_version = " + std::to_string(schema_version + 1), now;
}

}  // namespace

MigrationRunner::MigrationRunner(Database& database, const std::filesystem::path& migrations_root)
    : database_(database),
      folder_(migrations_root / std::string(database.dialect().migrationsFolder())) {}

std::vector<MigrationFile> MigrationRunner::available() const {
  std::error_code error;
  if (!std::filesystem::is_directory(folder_, error)) {
    throw StoreError("migrations folder " + folder_.string() +
                     " does not exist (database.migrations_dir)");
  }
  static const std::regex kName(R"(^([0-9]+)_([A-Za-z0-9_\-]+)\.sql$)");
  std::map<int, MigrationFile> by_version;
  for (const auto& entry : std::filesystem::directory_iterator(folder_)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    std::smatch match;
    if (!std::regex_match(name, match, kName)) continue;
    int version = 0;
    const std::string digits = match[1].str();
    const auto [end, parse_error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), version);
    if (parse_error != std::errc() || version <= 0) {
      throw StoreError("migration " + name + " has no usable version number");
    }
    MigrationFile file{version, name, entry.path(), text::sha256Hex(readFile(entry.path()))};
    const auto [existing, inserted] = by_version.emplace(version, file);
    if (!inserted) {
      throw StoreError("migrations " + existing->second.name + " and " + name + " in " +
                       folder_.string() + " share version " + std::to_string(version));
    }
  }
  std::vector<MigrationFile> files;
  files.reserve(by_version.size());
  for (auto& [version, file] : by_version)
    files.push_back(std::move(file));
  return files;
}

void MigrationRunner::ensureHistoryTable() {
  const std::string sql =
      database_.dialect().kind() == DialectKind::Sqlite
          ? "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)"
          : "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)";
  // Two PostgreSQL hosts racing on CREATE TABLE IF NOT EXISTS can still collide: take the lock.
  database_.withTransaction([&](Session& session) {
    lockMigrations(database_, session);
    session << sql, now;
  });
}

std::vector<AppliedMigration> MigrationRunner::applied() {
  ensureHistoryTable();
  try {
    Session session = database_.session();
    std::vector<int> versions;
    std::vector<std::string> names;
    std::vector<std::string> checksums;
    std::vector<std::string> applied_ats;
    session << "SELECT version, name, checksum, applied_at FROM schema_migrations "
               "ORDER BY version",
        into(versions), into(names), into(checksums), into(applied_ats), now;
    std::vector<AppliedMigration> rows;
    for (std::size_t i = 0; i < versions.size(); ++i) {
      rows.push_back({versions[i], names[i], checksums[i], normalizeTimestamp(applied_ats[i])});
    }
    return rows;
  } catch (const Poco::Exception& error) {
    throw database_.dialect().translate(error, "cannot read schema_migrations");
  }
}

std::vector<MigrationFile> MigrationRunner::pending() {
  const std::vector<MigrationFile> files = available();
  std::map<int, const MigrationFile*> on_disk;
  for (const auto& file : files)
    on_disk.emplace(file.version, &file);
  std::map<int, AppliedMigration> done;
  for (auto& row : applied()) {
    const auto found = on_disk.find(row.version);
    if (found == on_disk.end()) {
      throw StoreError("the database has migration " + row.name + " applied, which " +
                       folder_.string() +
                       " does not have: is this binary older than the database?");
    }
    if (found->second->checksum_sha256 != row.checksum_sha256) {
      throw StoreError("migration " + found->second->name +
                       " was changed after it was applied (checksum differs); applied files "
                       "must never be edited, add a new migration instead");
    }
    done.emplace(row.version, std::move(row));
  }
  std::vector<MigrationFile> result;
  for (const auto& file : files) {
    if (done.count(file.version) == 0) result.push_back(file);
  }
  return result;
}

std::vector<MigrationFile> MigrationRunner::apply() {
  std::vector<MigrationFile> applied_now;
  for (const auto& file : pending()) {
    applyOne(file);
    applied_now.push_back(file);
  }
  return applied_now;
}

void MigrationRunner::applyOne(const MigrationFile& file) {
  const std::string script = readFile(file.path);
  if (text::sha256Hex(script) != file.checksum_sha256) {
    throw StoreError("migration " + file.name + " changed while it was being applied");
  }
  std::vector<SqlStatement> statements;
  try {
    statements = splitSqlStatements(script);
  } catch (const StoreError& error) {
    throw StoreError("migration " + file.name + ": " + error.what());
  }
  const Dialect& dialect = database_.dialect();
  database_.withTransaction([&](Session& session) {
    lockMigrations(database_, session);
    // Another host may have applied it while this one waited for the lock.
    int already = 0;
    int version = file.version;
    session << dialect.sql("SELECT COUNT(*) FROM schema_migrations WHERE version = ?"),
        use(version), into(already), now;
    if (already != 0) return;
    for (const auto& statement : statements) {
      try {
        // Migration text goes to the database as written: no placeholder rewriting.
        session << statement.text, now;
      } catch (const Poco::Exception& error) {
        throw StoreError("migration " + file.name + " failed at line " +
                         std::to_string(statement.first_line) + ": " +
                         oneLine(error.displayText()));
      }
    }
    if (dialect.kind() == DialectKind::Sqlite) bumpSqliteSchemaVersion(session);
    std::string name = file.name;
    std::string checksum = file.checksum_sha256;
    session << dialect.sql(
        "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
        "VALUES (?, ?, ?, " +
        std::string(dialect.nowExpression()) + ")"),
        use(version), use(name), use(checksum), now;
  });
}

bool MigrationRunner::isUpToDate() noexcept {
  try {
    return pending().empty();
  } catch (...) {
    return false;
  }
}

}  // namespace orchestra::store
