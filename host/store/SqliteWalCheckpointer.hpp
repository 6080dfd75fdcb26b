// Moves SQLite's WAL checkpoints off a busy writer's commits: the writer's connection only
// signals when its WAL has grown, and a thread of this class copies the WAL into the database.
#pragma once

#include <Poco/Data/Session.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

struct sqlite3;

namespace orchestra::store {

class Database;

// Without it, the connection that commits the page past SQLite's wal_autocheckpoint (1,000 by
// default) runs the checkpoint itself, inside its commit: the runtime's group-commit writer
// then held every waiting execution for the milliseconds it takes to read and write ~1,000
// pages — the 1-connection webhook's p99. Here a PASSIVE checkpoint runs on a pooled session
// of its own beside the writer, which WAL allows (readers and the one writer go on; the
// checkpoint copies only what no reader still needs, and the WAL restarts from its beginning
// at the next write after a complete one).
// DURABILITY  unchanged: a commit is durable in the WAL; a checkpoint only moves pages.
// BOUND       when the checkpoints fall behind (no session free, the thread starved), the
//             watched connection checkpoints inline again once its WAL holds
//             `inline_after_pages` frames, so the WAL never grows without end.
// THREADS     watch() from the thread that owns the session; the hook then runs on that
//             thread, at its commits; the checkpoint on this class's own thread.
class SqliteWalCheckpointer {
 public:
  // `database` must outlive this object. Starts the thread.
  SqliteWalCheckpointer(Database& database, int checkpoint_pages, int inline_after_pages);
  ~SqliteWalCheckpointer();
  SqliteWalCheckpointer(const SqliteWalCheckpointer&) = delete;
  SqliteWalCheckpointer& operator=(const SqliteWalCheckpointer&) = delete;

  // Takes over the WAL checkpoints of `session`'s connection (SQLite only); its own
  // autocheckpoint stops. Until the session is closed or unwatch()ed, this object must live.
  void watch(Poco::Data::Session& session);
  // Gives the connection its default autocheckpoint back (before the session returns to the
  // pool, where others use it).
  static void unwatch(Poco::Data::Session& session);

  // Stops and joins the thread. Idempotent.
  void shutdown();

  // Checkpoints the thread completed so far (for tests); one that found the checkpoint lock
  // taken is retried, not counted.
  std::uint64_t checkpoints() const;

 private:
  enum class CheckpointOutcome { Done, Busy, Failed };

  static int onWalCommit(void* self, sqlite3* connection, const char* database_name, int frames);
  void run();
  CheckpointOutcome checkpointOnce();

  Database& database_;
  const int checkpoint_pages_;
  const int inline_after_pages_;

  mutable std::mutex mutex_;
  std::condition_variable wanted_;
  bool requested_ = false;
  bool stopping_ = false;
  std::uint64_t checkpoints_ = 0;
  // Frames of the WAL already copied by the last checkpoint (0 once the WAL restarted).
  std::atomic<int> backfilled_{0};
  std::thread thread_;  // last: started once everything above is constructed
};

}  // namespace orchestra::store
