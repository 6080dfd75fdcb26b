#include "host/runtime/GroupCommitWriter.hpp"

#include <Poco/Data/Session.h>

#include <exception>
#include <string>
#include <type_traits>
#include <utility>

#include "host/store/ExecutionRepository.hpp"

namespace orchestra::runtime {

using store::StoreError;
using store::StoreErrorKind;

GroupCommitWriter::GroupCommitWriter(store::Database& database, GroupCommitSettings settings)
    : database_(database),
      settings_(std::move(settings)),
      checkpointer_(database.dialect().kind() == store::DialectKind::Sqlite &&
                            settings_.sqlite_checkpoint_pages > 0
                        ? std::make_unique<store::SqliteWalCheckpointer>(
                              database, settings_.sqlite_checkpoint_pages,
                              settings_.sqlite_checkpoint_pages * 4)
                        : nullptr),
      thread_([this] { run(); }) {
  if (settings_.max_batch_changes == 0 || settings_.max_batch_bytes == 0) {
    shutdown();
    throw StoreError("group commit: max_batch_changes and max_batch_bytes must be positive",
                     StoreErrorKind::InvalidConfiguration);
  }
}

GroupCommitWriter::~GroupCommitWriter() {
  shutdown();
}

std::optional<StoreError> GroupCommitWriter::submit(const StateChange& change) {
  return submit(std::span<const StateChange>(&change, 1));
}

std::optional<StoreError> GroupCommitWriter::submit(std::span<const StateChange> changes) {
  if (changes.empty()) return std::nullopt;
  Ticket ticket;
  ticket.changes = changes;
  for (const StateChange& change : changes)
    ticket.size_bytes += approximateSizeBytes(change);
  ticket.submitted_at = std::chrono::steady_clock::now();

  std::unique_lock lock(mutex_);
  if (stopping_) {
    return StoreError("the execution state writer is shut down", StoreErrorKind::Unavailable);
  }
  if (!committing_ && pending_.empty() && settings_.max_linger.count() == 0) {
    // Nobody commits and nobody waits: this thread commits its unit itself, on the writer's
    // session, instead of waking the writer thread and sleeping until it wakes us back (two
    // thread hand-offs, most of a lone caller's latency on a busy machine). Whoever arrives
    // meanwhile queues as usual, and the writer thread takes them as the next batch.
    committing_ = true;
    lock.unlock();
    const std::vector<Ticket*> alone{&ticket};
    std::optional<StoreError> error = commit(alone);
    lock.lock();
    committing_ = false;
    if (!pending_.empty() || stopping_) work_arrived_.notify_one();
    return error;
  }
  pending_.push_back(&ticket);
  pending_changes_ += changes.size();
  pending_bytes_ += ticket.size_bytes;
  work_arrived_.notify_one();
  ticket.completed.wait(lock, [&] { return ticket.done; });
  return std::move(ticket.error);
}

void GroupCommitWriter::shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_arrived_.notify_all();
  std::call_once(joined_, [this] {
    if (thread_.joinable()) thread_.join();
    if (checkpointer_) checkpointer_->shutdown();
  });
}

GroupCommitWriter::Statistics GroupCommitWriter::statistics() const noexcept {
  return {committed_batches_.load(std::memory_order_relaxed),
          committed_changes_.load(std::memory_order_relaxed),
          failed_batches_.load(std::memory_order_relaxed)};
}

void GroupCommitWriter::run() {
  std::vector<Ticket*> batch;
  batch.reserve(settings_.max_batch_changes);
  while (takeBatch(batch)) {  // marks the session taken (committing_)
    std::optional<StoreError> error = commit(batch);
    if (error && batch.size() > 1) {
      // One unit's bad row must not fail the executions it happened to share a commit with:
      // each unit is tried again alone, and only the units that fail alone get the error.
      for (Ticket* ticket : batch) {
        std::vector<Ticket*> alone{ticket};
        complete(alone, commit(alone));
      }
    } else {
      complete(batch, error);
    }
    batch.clear();
    std::lock_guard lock(mutex_);
    committing_ = false;
  }
  discardSession();
}

bool GroupCommitWriter::takeBatch(std::vector<Ticket*>& batch) {
  std::unique_lock lock(mutex_);
  // Not while a caller commits on the session itself (it wakes us when it is done).
  work_arrived_.wait(lock, [&] { return !committing_ && (stopping_ || !pending_.empty()); });
  if (pending_.empty()) return false;  // stopping, and everything queued is written
  if (settings_.max_linger.count() > 0 && !stopping_) {
    work_arrived_.wait_until(lock, pending_.front()->submitted_at + settings_.max_linger, [&] {
      return stopping_ || pending_changes_ >= settings_.max_batch_changes ||
             pending_bytes_ >= settings_.max_batch_bytes;
    });
  }
  std::size_t changes = 0;
  std::size_t bytes = 0;
  while (!pending_.empty()) {
    Ticket* next = pending_.front();
    const bool full = changes + next->changes.size() > settings_.max_batch_changes ||
                      bytes + next->size_bytes > settings_.max_batch_bytes;
    if (full && !batch.empty()) break;  // a lone oversized unit still goes, alone
    batch.push_back(next);
    pending_.pop_front();
    changes += next->changes.size();
    bytes += next->size_bytes;
  }
  pending_changes_ -= changes;
  pending_bytes_ -= bytes;
  committing_ = true;
  return true;
}

std::optional<StoreError> GroupCommitWriter::commit(const std::vector<Ticket*>& batch) {
  std::size_t changes = 0;
  try {
    if (!session_) {
      session_.emplace(database_.session());
      if (database_.dialect().kind() == store::DialectKind::Sqlite) {
        *session_ << "PRAGMA cache_size = -" + std::to_string(settings_.sqlite_cache_kib),
            Poco::Data::Keywords::now;
        if (checkpointer_) checkpointer_->watch(*session_);
      }
      repository_ = store::ExecutionRepository::create(database_.dialect(), *session_);
    }
    database_.begin(*session_);
    store::ExecutionRepository& repository = *repository_;
    for (const Ticket* ticket : batch) {
      for (const StateChange& change : ticket->changes) {
        std::visit(
            [&](const auto& row) {
              using Row = std::decay_t<decltype(row)>;
              if constexpr (std::is_same_v<Row, store::NewExecution>) {
                repository.insertExecution(row);
              } else if constexpr (std::is_same_v<Row, store::NodeExecutionState>) {
                repository.saveNodeState(row);
              } else if constexpr (std::is_same_v<Row, store::ExecutionStatusUpdate>) {
                repository.updateExecutionStatus(row);
              } else {
                repository.appendLog(row);
              }
            },
            change);
      }
      changes += ticket->changes.size();
    }
    database_.commit(*session_);
  } catch (const StoreError& error) {
    discardSession();
    failed_batches_.fetch_add(1, std::memory_order_relaxed);
    return error;
  } catch (const std::exception& error) {
    discardSession();
    failed_batches_.fetch_add(1, std::memory_order_relaxed);
    return StoreError(std::string("cannot write execution state: ") + error.what());
  }
  committed_batches_.fetch_add(1, std::memory_order_relaxed);
  committed_changes_.fetch_add(changes, std::memory_order_relaxed);
  if (settings_.on_commit) settings_.on_commit(changes);
  return std::nullopt;
}

void GroupCommitWriter::complete(const std::vector<Ticket*>& batch,
                                 const std::optional<StoreError>& error) {
  // Under the lock: a caller can only see `done` and leave (destroying its Ticket) once this
  // loop has finished with it.
  std::lock_guard lock(mutex_);
  for (Ticket* ticket : batch) {
    ticket->error = error;
    ticket->done = true;
    ticket->completed.notify_one();
  }
}

void GroupCommitWriter::discardSession() noexcept {
  // A statement that threw may be half-bound and the transaction is dead: start afresh. The
  // pool rolls back or drops a session that comes back broken.
  repository_.reset();
  if (session_) {
    database_.rollbackQuietly(*session_);
    // Back in the pool it is an ordinary connection again.
    try {
      if (checkpointer_) store::SqliteWalCheckpointer::unwatch(*session_);
      if (database_.dialect().kind() == store::DialectKind::Sqlite) {
        *session_ << "PRAGMA cache_size = -2000", Poco::Data::Keywords::now;
      }
    } catch (const std::exception&) {
      // A broken connection: the pool drops it.
    }
    session_.reset();
  }
}

}  // namespace orchestra::runtime
