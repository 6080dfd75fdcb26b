#include "host/store/SqliteWalCheckpointer.hpp"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
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

  // Read from the files, not with PRAGMA wal_checkpoint: that probe is itself a checkpoint (it
  // would copy the frames the test means to see copied), and it answers -1 while the
  // checkpointer's thread holds the checkpoint lock.
  std::filesystem::path databaseFile() const {
    return scratch_->url().substr(std::string_view("sqlite://").size());
  }

  std::uintmax_t pageSize() {
    Poco::Data::Session session = database_->session();
    int page_size = 0;
    session << "PRAGMA page_size", into(page_size), now;
    return static_cast<std::uintmax_t>(page_size);
  }

  // Pages in the database file itself: only a checkpoint writes them there.
  std::uintmax_t pagesInDatabaseFile() {
    return std::filesystem::file_size(databaseFile()) / pageSize();
  }

  // The most frames the WAL ever held since it was created: a WAL that restarts from its
  // beginning after a complete checkpoint is written over, not grown.
  std::uintmax_t walHighWaterFrames() {
    constexpr std::uintmax_t kWalHeaderBytes = 32;
    constexpr std::uintmax_t kFrameHeaderBytes = 24;
    std::filesystem::path wal = databaseFile();
    wal += "-wal";
    std::error_code missing;
    const std::uintmax_t bytes = std::filesystem::file_size(wal, missing);
    if (missing || bytes < kWalHeaderBytes) return 0;
    return (bytes - kWalHeaderBytes) / (kFrameHeaderBytes + pageSize());
  }

  std::unique_ptr<testing::ScratchDatabase> scratch_;
  std::unique_ptr<Database> database_;
};

TEST_F(SqliteWalCheckpointerTest, TheWatchedConnectionNoLongerCheckpointsInsideItsCommits) {
  SqliteWalCheckpointer checkpointer(*database_, 1'000'000, 1'000'000);
  Poco::Data::Session writer = database_->session();
  checkpointer.watch(writer);
  const std::uintmax_t pages_before = pagesInDatabaseFile();
  // Far past SQLite's own autocheckpoint (1,000 pages), which would have copied the WAL and
  // started it again from its beginning: it only grew, and the database file did not.
  writeRows(writer, 1500);
  EXPECT_GT(walHighWaterFrames(), 1500u);
  EXPECT_EQ(pagesInDatabaseFile(), pages_before);
  EXPECT_EQ(checkpointer.checkpoints(), 0u);
  SqliteWalCheckpointer::unwatch(writer);
}

TEST_F(SqliteWalCheckpointerTest, ItsThreadCheckpointsOnceTheWalHoldsEnoughPages) {
  SqliteWalCheckpointer checkpointer(*database_, 8, 1'000'000);
  Poco::Data::Session writer = database_->session();
  checkpointer.watch(writer);
  const std::uintmax_t pages_before = pagesInDatabaseFile();
  writeRows(writer, 40);
  // Asynchronous by design: wait for the thread's first checkpoint (no bound on how fast).
  while (checkpointer.checkpoints() == 0)
    std::this_thread::sleep_for(5ms);
  // The writer never checkpoints (its inline bound is a million pages): the pages the
  // database file gained are the thread's.
  EXPECT_GT(pagesInDatabaseFile(), pages_before);
  SqliteWalCheckpointer::unwatch(writer);
}

TEST_F(SqliteWalCheckpointerTest, WhenTheThreadFallsBehindTheConnectionCheckpointsInline) {
  // The thread would wait for a million pages; the inline bound (4) holds the WAL instead.
  SqliteWalCheckpointer checkpointer(*database_, 1'000'000, 4);
  Poco::Data::Session writer = database_->session();
  checkpointer.watch(writer);
  const std::uintmax_t pages_before = pagesInDatabaseFile();
  writeRows(writer, 20);
  EXPECT_GT(pagesInDatabaseFile(), pages_before);
  // Each row is at least one frame: a WAL never restarted would hold 20 or more.
  EXPECT_LT(walHighWaterFrames(), 20u);
  EXPECT_EQ(checkpointer.checkpoints(), 0u);
  SqliteWalCheckpointer::unwatch(writer);
}

}  // namespace
}  // namespace orchestra::store
