#include "host/store/MigrationRunner.hpp"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "tests/unit/store/StoreTestSupport.hpp"

namespace orchestra::store {
namespace {

using namespace Poco::Data::Keywords;

// The plan's "Database Design" tables plus the architecture's runtime tables; the runner's own
// schema_migrations is checked separately.
// NOLINTNEXTLINE(cert-err58-cpp): test data, built before main
const std::set<std::string> kExpectedTables = {"users",
                                               "otp_codes",
                                               "sessions",
                                               "workspaces",
                                               "workspace_members",
                                               "invitations",
                                               "activity_logs",
                                               "workflows",
                                               "agents",
                                               "workflow_executions",
                                               "node_executions",
                                               "analytics_metrics",
                                               "analytics_aggregates",
                                               "mcp_servers",
                                               "files",
                                               "workflow_versions",
                                               "execution_queue",
                                               "execution_logs",
                                               "cron_ticks",
                                               "workspace_keys",
                                               "secrets",
                                               "ai_budgets",
                                               "api_keys"};

// Every index the plan names, with its name, plus one per workspace_id column and the queue's.
// NOLINTNEXTLINE(cert-err58-cpp): test data, built before main
const std::set<std::string> kExpectedIndexes = {
    "idx_users_email", "idx_users_active", "idx_otp_email", "idx_otp_expires", "idx_otp_email_live",
    "idx_sessions_user", "idx_sessions_token", "idx_sessions_expires", "idx_workflows_user",
    "idx_workflows_status", "idx_workflows_tags", "idx_agents_workflow", "idx_agents_user",
    "idx_agents_node", "idx_agents_type", "idx_executions_workflow", "idx_executions_user",
    "idx_executions_status", "idx_executions_start_time", "idx_node_executions_execution",
    "idx_node_executions_node", "idx_node_executions_status", "idx_analytics_user",
    "idx_analytics_workflow", "idx_analytics_type", "idx_analytics_timestamp",
    "idx_aggregates_user_period", "idx_aggregates_workflow_period", "idx_workspaces_owner",
    "idx_members_workspace", "idx_members_user", "idx_invitations_workspace",
    "idx_invitations_email", "idx_invitations_token", "idx_activity_workspace", "idx_activity_user",
    "idx_activity_created", "idx_mcp_user", "idx_mcp_status", "idx_files_user", "idx_files_created",
    // added by the architecture
    "idx_workflows_workspace", "idx_agents_workspace", "idx_executions_workspace",
    "idx_mcp_workspace", "idx_files_workspace", "idx_workflow_versions_workspace",
    "idx_analytics_ai_workspace", "idx_analytics_ai_execution",  // the AI ledger (0009)
    "idx_queue_available", "idx_queue_lease_expires", "idx_queue_limited", "idx_queue_workflow",
    "idx_queue_workspace", "idx_workflows_workspace_updated", "idx_workflows_workspace_name",
    // the durable runtime (0006_runtime.sql)
    "idx_node_executions_step", "idx_executions_workspace_created", "idx_execution_logs_execution",
    // cron and event triggers (0007_cron_ticks.sql)
    "idx_workflows_published",
    // secrets at rest (0008_secrets.sql)
    "idx_workspace_keys_master", "idx_secrets_workspace_created",
    // workspace API keys (0014_api_keys.sql)
    "idx_api_keys_workspace_created"};

// Workflow search is indexed the way each database does it best (0004_workflow_search.sql):
// SQLite a tag table and an FTS5 table (with its shadow tables), PostgreSQL GIN indexes.
// NOLINTNEXTLINE(cert-err58-cpp): test data, built before main
const std::set<std::string> kSqliteSearchTables = {
    "workflow_tags", "workflow_search", "workflow_search_data", "workflow_search_idx",
    "workflow_search_content", "workflow_search_docsize", "workflow_search_config",
    // execution_logs' ids are AUTOINCREMENT (never reused: the log's `after` cursor relies on it)
    "sqlite_sequence"};
// NOLINTNEXTLINE(cert-err58-cpp): test data, built before main
const std::set<std::string> kSqliteSearchIndexes = {"idx_workflow_tags_tag"};
// NOLINTNEXTLINE(cert-err58-cpp): test data, built before main
// The plan's GIN index on workflows.nodes serves containment (@>); SQLite dropped its B-tree on
// the text, which served no query (0015_large_json_columns_unchecked.sql).
// NOLINTNEXTLINE(cert-err58-cpp): test data, built before main
const std::set<std::string> kPostgresSearchIndexes = {"idx_workflows_search",
                                                      "idx_workflows_nodes"};

std::set<std::string> withExtras(std::set<std::string> names, const std::set<std::string>& extras) {
  names.insert(extras.begin(), extras.end());
  return names;
}

// NOLINTNEXTLINE(cert-err58-cpp): test data, built before main
const std::set<std::string> kTablesWithWorkspace = {
    "workflows",         "agents",          "workflow_executions", "mcp_servers", "files",
    "workflow_versions", "execution_queue", "workspace_keys",      "secrets",     "api_keys"};

std::set<std::string> queryNames(Poco::Data::Session& session, const std::string& sql) {
  std::vector<std::string> names;
  session << sql, into(names), now;
  return {names.begin(), names.end()};
}

std::set<std::string> tables(Database& database) {
  Poco::Data::Session session = database.session();
  return queryNames(session, database.dialect().kind() == DialectKind::Sqlite
                                 ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                                 : "SELECT table_name FROM information_schema.tables "
                                   "WHERE table_schema = 'public'");
}

std::set<std::string> indexes(Database& database) {
  Poco::Data::Session session = database.session();
  return queryNames(session, database.dialect().kind() == DialectKind::Sqlite
                                 ? "SELECT name FROM sqlite_master WHERE type = 'index' "
                                   "AND name LIKE 'idx_%'"
                                 : "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
                                   "AND indexname LIKE 'idx_%'");
}

std::set<std::string> columnsOf(Database& database, const std::string& table) {
  Poco::Data::Session session = database.session();
  return queryNames(session, database.dialect().kind() == DialectKind::Sqlite
                                 ? "SELECT name FROM pragma_table_info('" + table + "')"
                                 : "SELECT column_name FROM information_schema.columns "
                                   "WHERE table_schema = 'public' AND table_name = '" +
                                       table + "'");
}

// A migrations root of the test's own, with the given files in the dialect's folder.
class TemporaryMigrations {
 public:
  TemporaryMigrations(DialectKind dialect,
                      const std::vector<std::pair<std::string, std::string>>& files)
      : root_(std::filesystem::temp_directory_path() /
              ("orchestra_migrations_" +
               std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
               std::to_string(reinterpret_cast<std::uintptr_t>(this)))) {
    folder_ = root_ / (dialect == DialectKind::Sqlite ? "sqlite" : "postgres");
    std::filesystem::create_directories(folder_);
    for (const auto& [name, text] : files)
      write(name, text);
  }
  ~TemporaryMigrations() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(folder_ / name, std::ios::binary) << text;
  }
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
  std::filesystem::path folder_;
};

class MigrationRunnerTest : public StoreTest {};

TEST_P(MigrationRunnerTest, CreatesEveryTableAndIndexOfThePlan) {
  MigrationRunner runner(*database_, testing::migrationsRoot());
  EXPECT_FALSE(runner.isUpToDate());
  const auto applied = runner.apply();
  ASSERT_GE(applied.size(), 2u);
  EXPECT_EQ(applied.front().name, "0001_initial_schema.sql");
  EXPECT_TRUE(runner.isUpToDate());

  auto actual_tables = tables(*database_);
  EXPECT_EQ(actual_tables.erase("schema_migrations"), 1u);
  const bool sqlite = GetParam() == DialectKind::Sqlite;
  EXPECT_EQ(actual_tables,
            sqlite ? withExtras(kExpectedTables, kSqliteSearchTables) : kExpectedTables);
  EXPECT_EQ(indexes(*database_),
            withExtras(kExpectedIndexes, sqlite ? kSqliteSearchIndexes : kPostgresSearchIndexes));
  for (const auto& table : kTablesWithWorkspace) {
    EXPECT_EQ(columnsOf(*database_, table).count("workspace_id"), 1u) << table;
  }
  const auto history = runner.applied();
  ASSERT_EQ(history.size(), applied.size());
  EXPECT_EQ(history[0].checksum_sha256.size(), 64u);
  EXPECT_EQ(history[0].applied_at.size(), 24u) << history[0].applied_at;
  EXPECT_EQ(history[0].applied_at.back(), 'Z');
}

TEST_P(MigrationRunnerTest, BothDialectsHaveTheSameFiles) {
  const auto other = GetParam() == DialectKind::Sqlite ? "postgres" : "sqlite";
  MigrationRunner runner(*database_, testing::migrationsRoot());
  std::vector<std::string> names;
  for (const auto& file : runner.available())
    names.push_back(file.name);
  std::vector<std::string> other_names;
  for (const auto& entry : std::filesystem::directory_iterator(testing::migrationsRoot() / other)) {
    other_names.push_back(entry.path().filename().string());
  }
  std::sort(other_names.begin(), other_names.end());
  EXPECT_EQ(names, other_names);
}

TEST_P(MigrationRunnerTest, SecondRunIsANoOp) {
  MigrationRunner runner(*database_, testing::migrationsRoot());
  EXPECT_FALSE(runner.apply().empty());
  EXPECT_TRUE(runner.apply().empty());
  EXPECT_TRUE(runner.pending().empty());
  // A fresh runner (a restarted host) agrees.
  EXPECT_TRUE(MigrationRunner(*database_, testing::migrationsRoot()).apply().empty());
}

TEST_P(MigrationRunnerTest, FailingFileRollsBackWholeAndIsNamed) {
  TemporaryMigrations migrations(
      GetParam(), {{"0001_good.sql", "CREATE TABLE good (id INTEGER PRIMARY KEY);\n"},
                   {"0002_broken.sql",
                    "CREATE TABLE half_done (id INTEGER PRIMARY KEY);\n"
                    "INSERT INTO good (id) VALUES (1);\n"
                    "-- the mistake:\n"
                    "INSERT INTO no_such_table (id) VALUES (1);\n"},
                   {"README.md", "not a migration"}});
  MigrationRunner runner(*database_, migrations.root());
  try {
    runner.apply();
    FAIL() << "the broken migration was applied";
  } catch (const StoreError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("0002_broken.sql"), std::string::npos) << message;
    EXPECT_NE(message.find("line 4"), std::string::npos) << message;
    EXPECT_NE(message.find("no_such_table"), std::string::npos) << message;
  }
  const auto actual_tables = tables(*database_);
  EXPECT_EQ(actual_tables.count("good"), 1u);
  EXPECT_EQ(actual_tables.count("half_done"), 0u);
  const auto history = runner.applied();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].version, 1);
  Poco::Data::Session session = database_->session();
  int rows = -1;
  session << "SELECT COUNT(*) FROM good", into(rows), now;
  EXPECT_EQ(rows, 0);
}

TEST_P(MigrationRunnerTest, ChangedChecksumIsRefused) {
  TemporaryMigrations migrations(GetParam(),
                                 {{"0001_first.sql", "CREATE TABLE first (id INTEGER);\n"}});
  MigrationRunner runner(*database_, migrations.root());
  ASSERT_EQ(runner.apply().size(), 1u);
  migrations.write("0001_first.sql", "CREATE TABLE first (id INTEGER, sneaky TEXT);\n");
  try {
    runner.apply();
    FAIL() << "an edited migration was accepted";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("0001_first.sql"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("changed"), std::string::npos) << error.what();
  }
  EXPECT_FALSE(runner.isUpToDate());
}

TEST_P(MigrationRunnerTest, DuplicateNumbersAndMissingFilesAreErrors) {
  TemporaryMigrations duplicate(GetParam(),
                                {{"0001_a.sql", "SELECT 1;"}, {"1_b.sql", "SELECT 1;"}});
  EXPECT_THROW(MigrationRunner(*database_, duplicate.root()).available(), StoreError);
  TemporaryMigrations first(GetParam(), {{"0001_a.sql", "CREATE TABLE a (id INTEGER);"},
                                         {"0002_b.sql", "CREATE TABLE b (id INTEGER);"}});
  ASSERT_EQ(MigrationRunner(*database_, first.root()).apply().size(), 2u);
  // An older binary (fewer files) against this database.
  TemporaryMigrations older(GetParam(), {{"0001_a.sql", "CREATE TABLE a (id INTEGER);"}});
  EXPECT_THROW(MigrationRunner(*database_, older.root()).pending(), StoreError);
  EXPECT_THROW(MigrationRunner(*database_, "/nonexistent/migrations").available(), StoreError);
}

// Inserts a workflow whose nodes and tags are the given texts; false if SQLite refuses it.
bool insertWorkflow(Poco::Data::Session& session, const std::string& id, const std::string& nodes,
                    const std::string& tags) {
  try {
    session << "INSERT INTO workflows (id, workspace_id, user_id, name, nodes, tags) "
               "VALUES (?, 'w', 'u', 'n', ?, ?)",
        useRef(id), useRef(nodes), useRef(tags), now;
    return true;
  } catch (const Poco::Exception&) {
    return false;
  }
}

TEST_P(MigrationRunnerTest, SqliteStopsCheckingTheLargeJsonColumnsOnEveryOpenConnection) {
  if (GetParam() != DialectKind::Sqlite) GTEST_SKIP() << "PostgreSQL's JSONB checks by type";
  // The schema before 0015, and a connection that has read it (it keeps its own copy).
  std::vector<std::pair<std::string, std::string>> earlier;
  for (const auto& file : MigrationRunner(*database_, testing::migrationsRoot()).available()) {
    if (file.version >= 15) break;
    std::ifstream in(file.path, std::ios::binary);
    earlier.emplace_back(file.name, std::string(std::istreambuf_iterator<char>(in), {}));
  }
  TemporaryMigrations before(GetParam(), earlier);
  MigrationRunner(*database_, before.root()).apply();
  Poco::Data::Session open_before = database_->session();
  open_before << "PRAGMA foreign_keys = OFF", now;  // no workspace or user rows needed here
  EXPECT_FALSE(insertWorkflow(open_before, "a", "not json", "[]"));
  EXPECT_TRUE(insertWorkflow(open_before, "b", "[]", "[]"));

  ASSERT_EQ(MigrationRunner(*database_, testing::migrationsRoot()).apply().size(), 1u);

  EXPECT_TRUE(insertWorkflow(open_before, "c", "not json", "[]"));
  EXPECT_FALSE(insertWorkflow(open_before, "d", "[]", "not json")) << "small columns keep theirs";
  open_before << "PRAGMA foreign_keys = ON", now;
  std::vector<std::string> definitions;
  open_before << "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN "
                 "('workflows', 'workflow_versions', 'workflow_executions', 'node_executions')",
      into(definitions), now;
  ASSERT_EQ(definitions.size(), 4u);
  for (const auto& definition : definitions) {
    for (const char* column : {"(nodes)", "(connections)", "(settings)", "(trigger_data)",
                               "(input_data)", "(output_data)"}) {
      EXPECT_EQ(definition.find(std::string("json_valid") + column), std::string::npos)
          << definition;
    }
  }
  std::string integrity;
  open_before << "PRAGMA integrity_check", into(integrity), now;
  EXPECT_EQ(integrity, "ok");
  EXPECT_EQ(indexes(*database_).count("idx_workflows_nodes"), 0u);
}

ORCHESTRA_INSTANTIATE_FOR_BOTH_DIALECTS(MigrationRunnerTest);

}  // namespace
}  // namespace orchestra::store
