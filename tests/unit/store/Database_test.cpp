#include "host/store/Database.hpp"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/store/DatabaseUrl.hpp"
#include "tests/unit/store/StoreTestSupport.hpp"

namespace orchestra::store {
namespace {

using namespace Poco::Data::Keywords;
using Poco::Data::Session;

class DatabaseTest : public StoreTest {};

TEST_P(DatabaseTest, PingsAndKnowsItsDialect) {
  EXPECT_EQ(database_->dialect().kind(), GetParam());
  std::string error;
  EXPECT_TRUE(database_->ping(&error)) << error;
}

TEST_P(DatabaseTest, EveryPooledSessionIsSetUp) {
  // Hold several at once, so the pool has to open new connections.
  std::vector<Session> sessions;
  for (int i = 0; i < 3; ++i)
    sessions.push_back(database_->session());
  for (auto& session : sessions) {
    if (GetParam() == DialectKind::Sqlite) {
      int foreign_keys = 0;
      int busy_timeout_ms = 0;
      std::string journal_mode;
      session << "PRAGMA foreign_keys", into(foreign_keys), now;
      session << "PRAGMA busy_timeout", into(busy_timeout_ms), now;
      session << "PRAGMA journal_mode", into(journal_mode), now;
      EXPECT_EQ(foreign_keys, 1);
      EXPECT_EQ(busy_timeout_ms, scratch_->settings().busy_timeout_ms);
      EXPECT_EQ(journal_mode, "wal");
      int synchronous = -1;
      session << "PRAGMA synchronous", into(synchronous), now;
      EXPECT_EQ(synchronous, 1);  // NORMAL, database.sqlite_synchronous' default
    } else {
      std::string time_zone;
      session << "SHOW TimeZone", into(time_zone), now;
      EXPECT_EQ(time_zone, "UTC");
    }
  }
}

TEST(DatabaseSqliteTest, SynchronousFullReachesEverySession) {
  const testing::ScratchDatabase scratch(DialectKind::Sqlite);
  auto settings = scratch.settings();
  settings.sqlite_synchronous = "full";
  Database database(settings);
  std::vector<Session> sessions;
  for (int i = 0; i < 2; ++i)
    sessions.push_back(database.session());
  for (auto& session : sessions) {
    int synchronous = -1;
    session << "PRAGMA synchronous", into(synchronous), now;
    EXPECT_EQ(synchronous, 2);  // FULL
  }
  settings.sqlite_synchronous = "sometimes";
  EXPECT_THROW(Database{settings}, StoreError);
}

TEST_P(DatabaseTest, TransactionCommitsOnReturnAndRollsBackOnThrow) {
  {
    Session session = database_->session();
    database_->execute(session, "CREATE TABLE items (name TEXT NOT NULL)");
  }
  const int inserted = database_->withTransaction([&](Session& session) {
    std::string name = "kept";
    session << database_->dialect().sql("INSERT INTO items (name) VALUES (?)"), use(name), now;
    return 1;
  });
  EXPECT_EQ(inserted, 1);
  EXPECT_THROW(database_->withTransaction([&](Session& session) {
    std::string name = "dropped";
    session << database_->dialect().sql("INSERT INTO items (name) VALUES (?)"), use(name), now;
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  // A connector error inside comes out as StoreError, and the transaction is gone too.
  EXPECT_THROW(database_->withTransaction([&](Session& session) {
    std::string name = "dropped too";
    session << database_->dialect().sql("INSERT INTO items (name) VALUES (?)"), use(name), now;
    session << "INSERT INTO no_such_table VALUES (1)", now;
  }),
               StoreError);
  Session session = database_->session();
  std::vector<std::string> names;
  session << "SELECT name FROM items", into(names), now;
  EXPECT_EQ(names, std::vector<std::string>{"kept"});
}

TEST_P(DatabaseTest, ExhaustedPoolWaitsThenFailsClearly) {
  auto settings = scratch_->settings();
  settings.pool_max_sessions = 1;
  settings.connect_timeout_ms = 300;
  Database small(settings);
  Session held = small.session();
  const auto started = std::chrono::steady_clock::now();
  try {
    Session second = small.session();
    FAIL() << "a second session came out of a pool of one";
  } catch (const StoreError& error) {
    EXPECT_EQ(error.kind(), StoreErrorKind::Unavailable);
    EXPECT_NE(std::string(error.what()).find("pool_max_sessions"), std::string::npos);
  }
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(250));
}

TEST_P(DatabaseTest, RefusesBadPoolSettings) {
  auto settings = scratch_->settings();
  settings.pool_max_sessions = Database::kMaxPoolSessions + 1;
  EXPECT_THROW(Database{settings}, StoreError);
  settings.pool_max_sessions = 2;
  settings.pool_min_sessions = 3;
  EXPECT_THROW(Database{settings}, StoreError);
}

ORCHESTRA_INSTANTIATE_FOR_BOTH_DIALECTS(DatabaseTest);

TEST(DatabaseSqliteTest, CreatesTheFolderOfARelativePath) {
  const auto folder = std::filesystem::temp_directory_path() / "orchestra_db_folder_test";
  std::filesystem::remove_all(folder);
  const auto previous = std::filesystem::current_path();
  std::filesystem::create_directories(folder);
  std::filesystem::current_path(folder);
  {
    config::DatabaseSettings settings;
    settings.url = "sqlite:///nested/deeper/orchestra.db";
    Database database(settings);
    EXPECT_TRUE(database.ping());
  }
  std::filesystem::current_path(previous);
  EXPECT_TRUE(std::filesystem::exists(folder / "nested/deeper/orchestra.db"));
  std::filesystem::remove_all(folder);
}

TEST(DatabaseSqliteTest, InMemoryIsOneConnection) {
  config::DatabaseSettings settings;
  settings.url = "sqlite://:memory:";
  settings.connect_timeout_ms = 100;
  Database database(settings);
  {
    Session session = database.session();
    database.execute(session, "CREATE TABLE t (x INTEGER)");
  }
  Session again = database.session();
  int rows = -1;
  again << "SELECT COUNT(*) FROM t", into(rows), now;
  EXPECT_EQ(rows, 0);
}

TEST(DatabasePostgresTest, UnreachableServerFailsFastWithoutThePassword) {
  config::DatabaseSettings settings;
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  settings.url = "postgresql://orchestra:TopSecret99@127.0.0.1:1/orchestra";
  settings.connect_timeout_ms = 2000;
  const auto started = std::chrono::steady_clock::now();
  try {
    Database database(settings);
    FAIL() << "opened a database on a closed port";
  } catch (const StoreError& error) {
    const std::string message = error.what();
    EXPECT_EQ(error.kind(), StoreErrorKind::Unavailable);
    EXPECT_NE(message.find("postgresql://orchestra:***@127.0.0.1:1/orchestra"), std::string::npos)
        << message;
    EXPECT_EQ(message.find("TopSecret99"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST(DatabasePostgresTest, WrongPasswordIsRefusedWithoutEchoingIt) {
  const auto admin = DatabaseUrl::parse(testing::postgresAdminUrl());
  config::DatabaseSettings settings;
  settings.url = "postgresql://" + admin.postgresParameter("user").value_or("orchestra") +
                 ":Wrong%27Pass@" + admin.postgresParameter("host").value_or("127.0.0.1") + ":" +
                 admin.postgresParameter("port").value_or("5432") + "/" +
                 admin.postgresParameter("dbname").value_or("orchestra");
  try {
    Database database(settings);
    FAIL() << "a wrong password was accepted (is the test server on trust authentication?)";
  } catch (const StoreError& error) {
    EXPECT_EQ(std::string(error.what()).find("Wrong'Pass"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("password authentication failed"), std::string::npos)
        << error.what();
  }
}

TEST(DatabasePostgresTest, RefusesWhitespaceThePocoConnectorCannotPass) {
  config::DatabaseSettings settings;
  settings.url = "postgresql://u:two%20words@127.0.0.1:1/d";
  try {
    Database database(settings);
    FAIL() << "a password with a space was accepted";
  } catch (const StoreError& error) {
    EXPECT_EQ(error.kind(), StoreErrorKind::InvalidConfiguration);
    EXPECT_NE(std::string(error.what()).find("PGPASSWORD"), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).find("two words"), std::string::npos) << error.what();
  }
}

TEST(DatabasePostgresTest, PingTurnsFalseWhenTheDatabaseGoesAway) {
  auto scratch = std::make_unique<testing::ScratchDatabase>(DialectKind::Postgres);
  Database database(scratch->settings());
  ASSERT_TRUE(database.ping());
  scratch.reset();  // DROP DATABASE ... WITH (FORCE) ends our sessions
  const auto started = std::chrono::steady_clock::now();
  std::string error;
  EXPECT_FALSE(database.ping(&error));
  EXPECT_FALSE(error.empty());
  // The pooled session died; the next ping opens a new one, which is refused too.
  EXPECT_FALSE(database.ping());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

}  // namespace
}  // namespace orchestra::store
