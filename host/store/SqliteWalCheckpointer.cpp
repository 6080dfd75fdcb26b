#include "host/store/SqliteWalCheckpointer.hpp"

#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Exception.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>

#include "host/store/Database.hpp"

namespace orchestra::store {

namespace {

// SQLite's own default for wal_autocheckpoint, given back by unwatch().
constexpr int kDefaultAutocheckpointPages = 1000;

// How soon a checkpoint that found the lock taken is tried again.
constexpr std::chrono::milliseconds kBusyRetry{10};

}  // namespace

SqliteWalCheckpointer::SqliteWalCheckpointer(Database& database, int checkpoint_pages,
                                             int inline_after_pages)
    : database_(database),
      checkpoint_pages_(checkpoint_pages),
      inline_after_pages_(inline_after_pages),
      thread_([this] { run(); }) {}

SqliteWalCheckpointer::~SqliteWalCheckpointer() {
  shutdown();
}

void SqliteWalCheckpointer::watch(Poco::Data::Session& session) {
  sqlite3_wal_hook(Poco::Data::SQLite::Utility::dbHandle(session), &onWalCommit, this);
}

void SqliteWalCheckpointer::unwatch(Poco::Data::Session& session) {
  sqlite3_wal_autocheckpoint(Poco::Data::SQLite::Utility::dbHandle(session),
                             kDefaultAutocheckpointPages);
}

void SqliteWalCheckpointer::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wanted_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t SqliteWalCheckpointer::checkpoints() const {
  std::lock_guard lock(mutex_);
  return checkpoints_;
}

int SqliteWalCheckpointer::onWalCommit(void* self, sqlite3* connection, const char* database_name,
                                       int frames) {
  auto& checkpointer = *static_cast<SqliteWalCheckpointer*>(self);
  // Fewer frames than were copied: the WAL restarted from its beginning.
  if (frames < checkpointer.backfilled_.load(std::memory_order_relaxed)) {
    checkpointer.backfilled_.store(0, std::memory_order_relaxed);
  }
  if (frames >= checkpointer.inline_after_pages_) {
    // The thread is not keeping up: the old way, inline, rather than a WAL without end.
    sqlite3_wal_checkpoint_v2(connection, database_name, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                              nullptr);
  } else if (frames - checkpointer.backfilled_.load(std::memory_order_relaxed) >=
             checkpointer.checkpoint_pages_) {
    std::lock_guard lock(checkpointer.mutex_);
    if (!checkpointer.requested_) {
      checkpointer.requested_ = true;
      checkpointer.wanted_.notify_one();
    }
  }
  return SQLITE_OK;
}

void SqliteWalCheckpointer::run() {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wanted_.wait(lock, [&] { return stopping_ || requested_; });
      if (stopping_) return;
    }
    const CheckpointOutcome outcome = checkpointOnce();
    std::unique_lock lock(mutex_);
    if (outcome == CheckpointOutcome::Busy) {
      // Another connection holds the checkpoint lock (or the WAL index was mid-update): the
      // request stands and is tried again shortly, as the writer may commit nothing more.
      wanted_.wait_for(lock, kBusyRetry, [&] { return stopping_; });
      continue;
    }
    // Cleared after the checkpoint: the commits made while it ran are in the next one.
    requested_ = false;
    if (outcome == CheckpointOutcome::Done) ++checkpoints_;
  }
}

SqliteWalCheckpointer::CheckpointOutcome SqliteWalCheckpointer::checkpointOnce() {
  try {
    Poco::Data::Session session = database_.session();
    int log_frames = 0;
    int backfilled = 0;
    const int result =
        sqlite3_wal_checkpoint_v2(Poco::Data::SQLite::Utility::dbHandle(session), nullptr,
                                  SQLITE_CHECKPOINT_PASSIVE, &log_frames, &backfilled);
    if (result == SQLITE_BUSY) return CheckpointOutcome::Busy;
    if (result != SQLITE_OK) return CheckpointOutcome::Failed;
    // Until the WAL restarts from its beginning (the writer's next transaction after a
    // complete checkpoint), its frame count stays high: the next request waits for
    // checkpoint_pages new frames, not one commit.
    backfilled_.store(std::max(0, backfilled), std::memory_order_relaxed);
    return CheckpointOutcome::Done;
  } catch (const Poco::Exception&) {
    // No session free (or the database away): the next commit past the mark asks again,
    // and the watched connection's inline bound holds meanwhile.
  } catch (const std::exception&) {
  }
  return CheckpointOutcome::Failed;
}

}  // namespace orchestra::store
