// The SQLite statement cache: one prepared statement per SQL and connection, reused with new
// parameters, read as Poco's extractors would, and failures reported as StoreError.
#include "host/store/SqliteStatementCache.hpp"

#include <Poco/Data/SQLite/Utility.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "host/store/Database.hpp"

namespace orchestra::store {
namespace {

using Poco::Data::Session;

int statementsOpenOn(Session& session) {
  sqlite3* handle = Poco::Data::SQLite::Utility::dbHandle(session);
  int count = 0;
  for (sqlite3_stmt* statement = sqlite3_next_stmt(handle, nullptr); statement != nullptr;
       statement = sqlite3_next_stmt(handle, statement)) {
    ++count;
  }
  return count;
}

class SqliteStatementCacheTest : public ::testing::Test {
 protected:
  SqliteStatementCacheTest() : database_(settings()) {
    Session session = database_.session();
    database_.execute(session, "CREATE TABLE t (id TEXT, n INTEGER, b INTEGER, s TEXT)");
    database_.execute(session,
                      "INSERT INTO t VALUES ('a', 1, 1, 'one'), ('b', 2, 0, NULL), "
                      "('c', NULL, NULL, 'three')");
  }

  static config::DatabaseSettings settings() {
    config::DatabaseSettings settings;
    settings.url = "sqlite://:memory:";
    settings.connect_timeout_ms = 100;
    return settings;
  }

  SqliteStatementCache& cache() { return *database_.sqliteStatements(); }

  Database database_;
};

TEST_F(SqliteStatementCacheTest, ReusesOneStatementWithNewParameters) {
  Session session = database_.session();
  const int before = statementsOpenOn(session);
  for (const char* id : {"a", "b", "c", "a", "missing"}) {
    auto query = cache().query(session, "SELECT id FROM t WHERE id = ?", "cannot read t");
    query.bind(std::string(id));
    std::string found;
    if (query.next()) query >> found;
    EXPECT_EQ(found, std::string(id) == "missing" ? "" : id);
    EXPECT_FALSE(query.next());
    EXPECT_FALSE(query.next());  // stays done: does not run the statement again
  }
  EXPECT_EQ(statementsOpenOn(session), before + 1);
}

TEST_F(SqliteStatementCacheTest, ReadsNullsAsPocoDoes) {
  Session session = database_.session();
  auto query = cache().query(session, "SELECT id, n, n, b, s, s FROM t ORDER BY id", "read");
  std::vector<std::string> seen;
  while (query.next()) {
    std::string id;
    Poco::Int64 n = -1;
    Poco::Nullable<Poco::Int64> nullable_n;
    Poco::Nullable<bool> b;
    std::string s;
    Poco::Nullable<std::string> nullable_s;
    query >> id >> n >> nullable_n >> b >> s >> nullable_s;
    seen.push_back(id + ":" + std::to_string(n) + ":" +
                   (nullable_n.isNull() ? "null" : std::to_string(nullable_n.value())) + ":" +
                   (b.isNull() ? "null" : (b.value() ? "true" : "false")) + ":" + s + ":" +
                   (nullable_s.isNull() ? "null" : nullable_s.value()));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"a:1:1:true:one:one", "b:2:2:false::null",
                                            "c:0:null:null:three:three"}));
}

TEST_F(SqliteStatementCacheTest, BindsIntegersAndSurvivesASchemaChange) {
  Session session = database_.session();
  const std::string sql = "SELECT COUNT(*) FROM t WHERE n >= ?";
  {
    auto query = cache().query(session, sql, "count");
    query.bind(Poco::Int64{2});
    Poco::Int64 count = 0;
    ASSERT_TRUE(query.next());
    query >> count;
    EXPECT_EQ(count, 1);
  }
  database_.execute(session, "ALTER TABLE t ADD COLUMN extra TEXT");
  auto query = cache().query(session, sql, "count");
  query.bind(Poco::Int64{1});
  Poco::Int64 count = 0;
  ASSERT_TRUE(query.next());
  query >> count;
  EXPECT_EQ(count, 2);
}

TEST_F(SqliteStatementCacheTest, FailuresAreStoreErrorsWithTheContext) {
  Session session = database_.session();
  try {
    cache().query(session, "SELECT nope FROM t", "cannot read t");
    FAIL() << "a bad statement was prepared";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("cannot read t: no such column: nope"),
              std::string::npos)
        << error.what();
  }
  // The failed SQL left nothing behind: the next query on the connection works.
  auto query = cache().query(session, "SELECT COUNT(*) FROM t", "count");
  EXPECT_TRUE(query.next());
}

TEST(SqliteStatementCacheEviction, KeepsAtMostItsConnectionsAndNeverOneInUse) {
  config::DatabaseSettings settings;
  settings.url = "sqlite://:memory:";
  settings.connect_timeout_ms = 100;
  Database first(settings);
  Database second(settings);
  Database third(settings);
  SqliteStatementCache cache(2);
  Session a = first.session();
  Session b = second.session();
  Session c = third.session();
  auto open = cache.query(a, "SELECT 1", "a");  // stays open: `a` may not be evicted
  ASSERT_TRUE(open.next());
  { auto query = cache.query(b, "SELECT 2", "b"); }
  { auto query = cache.query(c, "SELECT 3", "c"); }  // one too many: evicts b, the idle one
  EXPECT_EQ(statementsOpenOn(a), 1);
  EXPECT_EQ(statementsOpenOn(b), 0);
  EXPECT_EQ(statementsOpenOn(c), 1);
  Poco::Int64 one = 0;
  open >> one;
  EXPECT_EQ(one, 1);
}

}  // namespace
}  // namespace orchestra::store
