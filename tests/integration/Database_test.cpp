// The real binary on both databases: readiness, `orchestra migrate`, a broken migration that
// must roll back whole and stop start-up, and readiness while PostgreSQL refuses connections.
#include "host/store/Database.hpp"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "tests/support/HostProcess.hpp"
#include "tests/support/HttpTestClient.hpp"
#include "tests/support/TestDatabase.hpp"

namespace orchestra::testing {
namespace {

using store::DialectKind;

std::string hostConfig(const std::string& migrations_dir = "migrations") {
  return "server:\n  port: 0\n  shutdown_timeout_ms: 3000\n"
         "database:\n  url: ${ORCHESTRA_TEST_DATABASE_URL}\n  migrations_dir: " +
         migrations_dir +
         "\n  connect_timeout_ms: 2000\n"
         "auth:\n  jwt_secret: integration-test-secret-0123456789abcdef\n";
}

class DatabaseHostTest : public ::testing::TestWithParam<DialectKind> {
 protected:
  DatabaseHostTest() : database_(GetParam()) {}

  HostOptions options(const std::string& config_yaml) const {
    HostOptions options;
    options.config_yaml = config_yaml;
    options.environment["ORCHESTRA_TEST_DATABASE_URL"] = database_.url();
    return options;
  }

  std::int64_t count(const std::string& sql) const {
    store::Database database(database_.settings());
    Poco::Data::Session session = database.session();
    std::int64_t value = 0;
    session << sql, Poco::Data::Keywords::into(value), Poco::Data::Keywords::now;
    return value;
  }

  ScratchDatabase database_;
};

TEST_P(DatabaseHostTest, ServesAndIsReady) {
  HostProcess host(options(hostConfig()));
  const auto result = HttpTestClient(host.port()).get("/health/ready");
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.json()->getValue<std::string>("status"), "ready");
  EXPECT_EQ(host.stop(), 0);
}

TEST_P(DatabaseHostTest, MigrateCommandAppliesOnceThenIsANoOp) {
  const auto dir = makeTempDirectory("orchestra-migrate");
  const auto config_path = dir / "orchestra.yaml";
  std::ofstream(config_path) << hostConfig();
  const std::map<std::string, std::string> env = {{"ORCHESTRA_TEST_DATABASE_URL", database_.url()}};
  const auto first =
      HostProcess::runToCompletion({"migrate", "--config", config_path.string()}, env);
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("applied 0001_initial_schema.sql"), std::string::npos)
      << first.output;
  const auto second =
      HostProcess::runToCompletion({"migrate", "--config", config_path.string()}, env);
  EXPECT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(second.output.find("applied"), std::string::npos) << second.output;
  EXPECT_NE(second.output.find("up to date"), std::string::npos) << second.output;
  // The password never reaches the output.
  const std::string& url = database_.url();
  if (const auto at = url.find('@'); at != std::string::npos) {
    const auto colon = url.find(':', url.find("//") + 2);
    const std::string password = url.substr(colon + 1, at - colon - 1);
    ASSERT_FALSE(password.empty());
    EXPECT_EQ(first.output.find(password), std::string::npos) << first.output;
    EXPECT_EQ(second.output.find(password), std::string::npos) << second.output;
  }
  std::filesystem::remove_all(dir);
}

TEST_P(DatabaseHostTest, BrokenMigrationRollsBackWholeAndStopsStartup) {
  const auto dir = makeTempDirectory("orchestra-broken-migrations");
  const std::string dialect_dir = GetParam() == DialectKind::Postgres ? "postgres" : "sqlite";
  std::filesystem::create_directories(dir / dialect_dir);
  for (const auto& entry : std::filesystem::directory_iterator(migrationsRoot() / dialect_dir)) {
    std::filesystem::copy_file(entry.path(), dir / dialect_dir / entry.path().filename());
  }
  std::ofstream(dir / dialect_dir / "0099_broken_probe.sql")
      << "CREATE TABLE broken_probe (id INTEGER PRIMARY KEY);\n"
         "INSERT INTO broken_probe (id) VALUES (1);\n"
         "THIS IS NOT SQL;\n";

  HostOptions broken = options(hostConfig(dir.string()));
  broken.wait_until_listening = false;
  HostProcess host(broken);
  const auto status = host.waitForExit(std::chrono::seconds(30));
  ASSERT_TRUE(status.has_value()) << host.output();
  EXPECT_NE(*status, 0);
  EXPECT_NE(host.output().find("0099_broken_probe.sql"), std::string::npos) << host.output();
  EXPECT_EQ(host.output().find("\"listening\""), std::string::npos);

  // The earlier files were applied; nothing of the broken one remains.
  EXPECT_GE(count("SELECT COUNT(*) FROM schema_migrations"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations WHERE version = 99"), 0);
  const std::string table_probe =
      GetParam() == DialectKind::Postgres
          ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'broken_probe'"
          : "SELECT COUNT(*) FROM sqlite_master WHERE name = 'broken_probe'";
  EXPECT_EQ(count(table_probe), 0);
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Dialects, DatabaseHostTest,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

TEST(PostgresReadiness, FailsWhileTheDatabaseRefusesConnectionsAndRecovers) {
  ScratchDatabase database(DialectKind::Postgres);
  HostOptions options;
  options.config_yaml = hostConfig();
  options.environment["ORCHESTRA_TEST_DATABASE_URL"] = database.url();
  HostProcess host(options);
  HttpTestClient client(host.port());
  ASSERT_EQ(client.get("/health/ready").status, 200);

  // Take the database away from the host: no new connections, existing ones ended.
  config::DatabaseSettings admin_settings = database.settings();
  admin_settings.url = postgresAdminUrl();
  store::Database admin(admin_settings);
  Poco::Data::Session session = admin.session();
  const std::string name = database.url().substr(database.url().rfind('/') + 1);
  session << "ALTER DATABASE \"" + name + "\" ALLOW_CONNECTIONS false", Poco::Data::Keywords::now;
  session << "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name +
                 "' AND pid <> pg_backend_pid()",
      Poco::Data::Keywords::now;

  const auto down = client.get("/health/ready");
  EXPECT_EQ(down.status, 503) << down.body;
  const auto body = down.json();
  EXPECT_EQ(body->getObject("checks")->getObject("database")->getValue<std::string>("status"),
            "failed");
  EXPECT_FALSE(body->getValue<std::string>("detail").empty());
  EXPECT_EQ(client.get("/health").status, 200);  // liveness never touches the database

  session << "ALTER DATABASE \"" + name + "\" ALLOW_CONNECTIONS true", Poco::Data::Keywords::now;
  int status = 0;
  for (int attempt = 0; attempt < 50 && status != 200; ++attempt) {
    status = client.get("/health/ready").status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 200);
  EXPECT_EQ(host.stop(), 0);
}

}  // namespace
}  // namespace orchestra::testing
