// The runtime's one writer of execution state: it commits the changes of many executions in one
// transaction (group commit), and each caller returns only once the commit holding its change is.
#pragma once

#include <Poco/Data/Session.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "host/runtime/StateChange.hpp"
#include "host/store/Database.hpp"
#include "host/store/SqliteWalCheckpointer.hpp"
#include "host/store/StoreError.hpp"

namespace orchestra::store {
class ExecutionRepository;
}

namespace orchestra::runtime {

// ==============================================================================================
// Contract (holds for every member below)
//
// DURABILITY  submit() returns success only after the transaction holding the change has
//             committed: on SQLite as durable as database.sqlite_synchronous makes it (normal:
//             survives a process crash; full: also a power loss), on PostgreSQL as the server's
//             synchronous_commit makes it. Fsync cost is paid per batch, not per change.
// ATOMICITY   A unit (the changes of one submit call) is all or nothing and never spans two
//             batches. One batch is one transaction; if it fails, it rolls back and each of its
//             units is committed again alone, so only the units that fail alone get an error
//             (one execution's bad row never fails the others that shared its commit).
// ORDER       Units commit in submission order; the changes of a unit in their order.
// WAITING     A caller waits for exactly the batch it joined: the one being filled when it
//             arrived, or the next. Batches are bounded by max_batch_changes and
//             max_batch_bytes (a single larger unit goes alone) and max_linger.
// THREADS     submit() may be called from any number of threads at once. The SQL runs on one
//             pooled session the writer holds (one of database.pool_max_sessions; a SQLite
//             ":memory:" pool of one cannot serve both), by one thread at a time: the writer's
//             own thread, or — when nothing is queued and no commit runs (and max_linger is
//             zero) — the submitting thread itself, which then commits its unit alone without
//             a hand-off to the writer thread and back.
// OWNERSHIP   The changes are borrowed, not copied, for the duration of submit(): the caller's
//             stack keeps them alive because the caller is blocked until they are written.
// SHUTDOWN    shutdown() (and the destructor) stops taking new changes (later submits fail at
//             once with Unavailable), commits everything already queued, then joins the thread.
//             It never leaves a caller blocked.
// ERRORS      Data plane: submit() returns the StoreError, never throws it. A failed batch
//             discards the session and its prepared statements; the next batch opens new ones.
// ==============================================================================================

struct GroupCommitSettings {
  std::size_t max_batch_changes = 1024;
  std::size_t max_batch_bytes = std::size_t{4} * 1024 * 1024;
  // How long the writer, once free, waits for a batch to fill before committing it. Zero (the
  // default) commits at once: batches then form by themselves from the changes that arrive
  // while the previous commit runs, so one lone caller pays one commit, and a crowd shares them.
  std::chrono::microseconds max_linger{0};
  // SQLite: the WAL is checkpointed beside the writer, not inside its commits, once it holds
  // this many new pages (store::SqliteWalCheckpointer); 0 leaves SQLite's own autocheckpoint.
  int sqlite_checkpoint_pages = 4000;
  // SQLite: the writer connection's page cache. Its inserts touch the same index pages over
  // and over; SQLite's default (2 MiB) spilled and re-read them.
  int sqlite_cache_kib = 16 * 1024;
  // Told of every successful commit, on the thread that ran it: how many changes it held.
  std::function<void(std::size_t changes)> on_commit;
};

class GroupCommitWriter {
 public:
  // Starts the writer thread; the session is opened by the first batch (so a database that is
  // down fails that batch's callers, not the constructor). `database` must outlive this object.
  explicit GroupCommitWriter(store::Database& database, GroupCommitSettings settings = {});
  ~GroupCommitWriter();
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Writes the change(s) and waits until they are committed. nullopt on success, else why the
  // batch failed. The span is one unit: all its changes are committed together, or none.
  std::optional<store::StoreError> submit(const StateChange& change);
  std::optional<store::StoreError> submit(std::span<const StateChange> changes);

  // See SHUTDOWN. Idempotent; safe from any thread but the writer's.
  void shutdown();

  struct Statistics {
    std::uint64_t committed_batches = 0;
    std::uint64_t committed_changes = 0;
    std::uint64_t failed_batches = 0;
  };
  Statistics statistics() const noexcept;

 private:
  // One waiting caller, on its own stack: the writer fills in the outcome and signals.
  struct Ticket {
    std::span<const StateChange> changes;
    std::size_t size_bytes = 0;
    std::chrono::steady_clock::time_point submitted_at;
    bool done = false;
    std::optional<store::StoreError> error;
    std::condition_variable completed;
  };

  void run();
  bool takeBatch(std::vector<Ticket*>& batch);
  std::optional<store::StoreError> commit(const std::vector<Ticket*>& batch);
  void complete(const std::vector<Ticket*>& batch, const std::optional<store::StoreError>& error);
  void discardSession() noexcept;

  store::Database& database_;
  const GroupCommitSettings settings_;

  // Guards everything from here to the thread, and every Ticket while it is queued.
  std::mutex mutex_;
  std::condition_variable work_arrived_;
  std::deque<Ticket*> pending_;
  std::size_t pending_changes_ = 0;
  std::size_t pending_bytes_ = 0;
  bool stopping_ = false;
  // A commit runs (the writer thread's, or a lone caller's own): the session is taken.
  bool committing_ = false;

  // Only the thread that set committing_ touches these, until it clears it.
  std::optional<Poco::Data::Session> session_;
  std::unique_ptr<store::ExecutionRepository> repository_;
  std::unique_ptr<store::SqliteWalCheckpointer> checkpointer_;  // SQLite with checkpoint pages

  std::atomic<std::uint64_t> committed_batches_{0};
  std::atomic<std::uint64_t> committed_changes_{0};
  std::atomic<std::uint64_t> failed_batches_{0};

  std::once_flag joined_;
  std::thread thread_;  // last: started once everything above is constructed
};

}  // namespace orchestra::runtime
