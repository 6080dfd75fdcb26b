// Brings the database schema up to date from migrations/<sqlite|postgres>/NNNN_name.sql: each
// pending file in one transaction with its schema_migrations row; applied files must not change.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "host/store/Database.hpp"

namespace orchestra::store {

struct MigrationFile {
  int version = 0;
  std::string name;  // the file name, "0001_initial_schema.sql"
  std::filesystem::path path;
  std::string checksum_sha256;  // lower-case hex of the file's bytes
};

struct AppliedMigration {
  int version = 0;
  std::string name;
  std::string checksum_sha256;
  std::string applied_at;  // ISO-8601 UTC
};

class MigrationRunner {
 public:
  // `migrations_root` holds sqlite/ and postgres/ (database.migrations_dir); the database's
  // dialect picks the folder.
  MigrationRunner(Database& database, const std::filesystem::path& migrations_root);

  // The files on disk, in version order. Throws StoreError when the folder is missing or two
  // files share a number. Files not named NNNN_name.sql are ignored.
  std::vector<MigrationFile> available() const;
  // What schema_migrations records (created here, empty, before the first run).
  std::vector<AppliedMigration> applied();
  // The files not applied yet. Throws StoreError naming the file when an applied file's
  // checksum changed, or when the database has a version this folder does not (an older
  // binary against a newer database).
  std::vector<MigrationFile> pending();
  // Applies every pending file and returns them; running again is a no-op. A failing file is
  // rolled back whole and the StoreError names the file, the statement's line and the
  // database's message. Safe with several hosts starting at once: each file's transaction
  // first takes a lock (PostgreSQL advisory lock; SQLite BEGIN IMMEDIATE) and re-checks.
  std::vector<MigrationFile> apply();
  // True when nothing is pending and no checksum changed; false on any error (readiness).
  bool isUpToDate() noexcept;

 private:
  void ensureHistoryTable();
  void applyOne(const MigrationFile& file);

  Database& database_;
  std::filesystem::path folder_;
};

}  // namespace orchestra::store
