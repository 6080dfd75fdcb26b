#include "host/store/SqliteWalCheckpointer.hpp"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "host/store/Database.hpp"
#include "tests/support/TestDatabase.hpp"

namespace orchestra::store {
namespace {

using namespace Poco::Data::Keywords;
using namespace std::chrono_literals;

class SqliteWalCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<testing::ScratchDatabase>(DialectKind::Sqlite);
    database_ = std::make_unique<Database>(scratch_->settings());
    Poco::Data::Session session = database_->session();
    session << "CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT)", now;
  }

  static void writeRows(Poco::Data::Session& session, int count) {
    for (int i = 0; i < count; ++i) {
      session << "INSERT INTO rows (payload) VALUES (hex(randomblob(2000)))", now;
    }
  }

  // Frames in the WAL and how many of them are already copied into the database file, as a
  // PASSIVE checkpoint of no pages (a read-only probe from another connection) reports them.
  std::pair<int, int> walState() {
    Poco::Data::Session probe = database_->session();
    int busy = 0;
    int log = 0;
    int checkpointed = 0;
    probe << "PRAGMA wal_checkpoint(PASSIVE)", into(busy), into(log), into(checkpointed), now;
    return {log, checkpointed};
  }

  std::unique_ptr<testing::ScratchDatabase> scratch_;
  std::unique_ptr<Database> database_;
};

TEST_F(SqliteWalCheckpointerTest, TheWatchedConnectionNoLongerCheckpointsInsideItsCommits) {
  SqliteWalCheckpointer checkpointer(*database_, 1'000'000, 1'000'000);
  Poco::Data::Session writer = database_->session();
  checkpointer.watch(writer);
  // Far past SQLite's own autocheckpoint (1,000 pages), which would have copied the WAL and
  // started it again from its beginning: it only grew.
  writeRows(writer, 1500);
  const auto [log, checkpointed] = walState();
  EXPECT_GT(log, 2000);
  EXPECT_EQ(checkpointer.checkpoints(), 0u);
  SqliteWalCheckpointer::unwatch(writer);
}

TEST_F(SqliteWalCheckpointerTest, ItsThreadCheckpointsOnceTheWalHoldsEnoughPages) {
  SqliteWalCheckpointer checkpointer(*database_, 8, 1'000'000);
  Poco::Data::Session writer = database_->session();
  checkpointer.watch(writer);
  writeRows(writer, 40);
  // Asynchronous by design: wait for the thread's first checkpoint (no bound on how fast).
  while (checkpointer.checkpoints() == 0)
    std::this_thread::sleep_for(5ms);
  const auto [log, checkpointed] = walState();
  EXPECT_GT(checkpointed, 0);
  EXPECT_LE(checkpointed, log);
  SqliteWalCheckpointer::unwatch(writer);
}

TEST_F(SqliteWalCheckpointerTest, WhenTheThreadFallsBehindTheConnectionCheckpointsInline) {
  // The thread would wait for a million pages; the inline bound (4) holds the WAL instead.
  SqliteWalCheckpointer checkpointer(*database_, 1'000'000, 4);
  Poco::Data::Session writer = database_->session();
  checkpointer.watch(writer);
  writeRows(writer, 20);
  const auto [log, checkpointed] = walState();
  EXPECT_EQ(checkpointed, log);  // the last commit's own checkpoint copied everything
  EXPECT_EQ(checkpointer.checkpoints(), 0u);
  SqliteWalCheckpointer::unwatch(writer);
}

}  // namespace
}  // namespace orchestra::store
