#include "host/runtime/GroupCommitWriter.hpp"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "host/store/SqlValues.hpp"
#include "tests/support/ExecutionOwners.hpp"
#include "tests/unit/store/StoreTestSupport.hpp"

namespace orchestra::runtime {
namespace {

using namespace Poco::Data::Keywords;
using namespace std::chrono_literals;
using store::DialectKind;
using store::dialectName;
using store::StoreErrorKind;

class GroupCommitWriterTest : public store::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    migrate();
    owners_ = testing::insertExecutionOwners(*database_);
  }

  store::NewExecution newExecution() const {
    store::NewExecution row;
    row.id = store::newUuid();
    row.workspace_id = owners_.workspace_id;
    row.workflow_id = owners_.workflow_id;
    row.user_id = owners_.user_id;
    row.trigger_type = "manual";
    row.trigger_data_json = R"({"email":"ada@example.com"})";
    row.queue_entry_id = store::newUuid();
    return row;
  }

  static store::NodeExecutionState nodeState(const std::string& execution_id, std::string id,
                                             std::string status) {
    store::NodeExecutionState row;
    row.id = std::move(id);
    row.execution_id = execution_id;
    row.node_id = "set_1";
    row.status = std::move(status);
    return row;
  }

  int count(const std::string& sql) {
    Poco::Data::Session session = database_->session();
    int rows = -1;
    session << sql, into(rows), now;
    return rows;
  }

  testing::ExecutionOwners owners_;
};

store::ExecutionStatusUpdate statusUpdate(std::string execution_id, std::string status) {
  store::ExecutionStatusUpdate row;
  row.execution_id = std::move(execution_id);
  row.status = std::move(status);
  return row;
}

// Runs `submitters` threads at once, each calling body(thread_index), and waits for them all.
template <typename Body>
void runConcurrently(int submitters, Body body) {
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(submitters));
  for (int i = 0; i < submitters; ++i)
    threads.emplace_back([&body, i] { body(i); });
  for (auto& thread : threads)
    thread.join();
}

TEST_P(GroupCommitWriterTest, ManyThreadsCommitEveryExecutionExactlyOnceInSharedBatches) {
  constexpr int kThreads = 8;
  constexpr int kExecutionsPerThread = 40;
  std::atomic<int> failures{0};
  {
    GroupCommitWriter writer(*database_);
    runConcurrently(kThreads, [&](int) {
      for (int i = 0; i < kExecutionsPerThread; ++i) {
        const store::NewExecution execution = newExecution();
        // The three steps of a one-node run, each awaited before the next, as the runtime does.
        if (writer.submit(execution)) ++failures;
        store::NodeExecutionState running = nodeState(execution.id, store::newUuid(), "running");
        running.input_json = R"({"in":1})";
        running.start_time = "2026-01-02T03:04:05.678Z";
        if (writer.submit(running)) ++failures;
        store::NodeExecutionState completed = nodeState(execution.id, running.id, "completed");
        completed.output_json = R"({"out":2})";
        completed.end_time = "2026-01-02T03:04:05.999Z";
        completed.duration_ms = 321;
        store::ExecutionStatusUpdate finished = statusUpdate(execution.id, "completed");
        finished.end_time = "2026-01-02T03:04:06.000Z";
        finished.duration_ms = 400;
        const std::array<StateChange, 2> finish = {completed, finished};
        if (writer.submit(finish)) ++failures;
      }
    });
    const auto statistics = writer.statistics();
    EXPECT_EQ(statistics.committed_changes, 4u * kThreads * kExecutionsPerThread);
    EXPECT_EQ(statistics.failed_batches, 0u);
    EXPECT_LE(statistics.committed_batches, 3u * kThreads * kExecutionsPerThread);
  }
  EXPECT_EQ(failures.load(), 0);
  const int executions = kThreads * kExecutionsPerThread;
  EXPECT_EQ(count("SELECT COUNT(*) FROM workflow_executions WHERE status = 'completed' AND "
                  "duration_ms = 400 AND end_time IS NOT NULL"),
            executions);
  EXPECT_EQ(count("SELECT COUNT(*) FROM execution_queue"), 0);
  // One row per node (the completion updated the running row), the input kept, the output set.
  EXPECT_EQ(count("SELECT COUNT(*) FROM node_executions"), executions);
  EXPECT_EQ(count("SELECT COUNT(*) FROM node_executions WHERE status = 'completed' AND "
                  "input_data IS NOT NULL AND output_data IS NOT NULL AND start_time IS NOT NULL "
                  "AND duration_ms = 321"),
            executions);
}

TEST_P(GroupCommitWriterTest, NewExecutionIsQueuedInTheSameCommit) {
  GroupCommitWriter writer(*database_);
  const store::NewExecution execution = newExecution();
  ASSERT_EQ(writer.submit(execution), std::nullopt);
  EXPECT_EQ(count("SELECT COUNT(*) FROM workflow_executions WHERE status = 'pending' AND id = '" +
                  execution.id + "'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM execution_queue WHERE id = '" + execution.queue_entry_id +
                  "' AND execution_id = '" + execution.id + "' AND lease_owner IS NULL"),
            1);
  // "running" keeps the queue entry: the worker's lease lives there.
  ASSERT_EQ(writer.submit(statusUpdate(execution.id, "running")), std::nullopt);
  EXPECT_EQ(count("SELECT COUNT(*) FROM execution_queue"), 1);
}

TEST_P(GroupCommitWriterTest, AFailingUnitFailsAloneAndItsBatchNeighboursCommit) {
  GroupCommitSettings settings;
  settings.max_batch_changes = 4;
  settings.max_linger = 10s;  // the batch closes when its fourth change arrives, not by time
  GroupCommitWriter writer(*database_, settings);

  std::vector<std::optional<store::StoreError>> outcomes(4);
  const auto started = std::chrono::steady_clock::now();
  runConcurrently(4, [&](int i) {
    if (i == 0) {
      // A node of an execution that does not exist: the foreign key refuses it.
      outcomes[0] = writer.submit(nodeState(store::newUuid(), store::newUuid(), "running"));
    } else {
      outcomes[static_cast<std::size_t>(i)] = writer.submit(newExecution());
    }
  });
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  ASSERT_TRUE(outcomes[0].has_value());
  EXPECT_EQ(outcomes[0]->kind(), StoreErrorKind::ForeignKeyViolation) << outcomes[0]->what();
  for (std::size_t i = 1; i < outcomes.size(); ++i)
    EXPECT_FALSE(outcomes[i].has_value()) << outcomes[i]->what();
  EXPECT_EQ(count("SELECT COUNT(*) FROM workflow_executions"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM execution_queue"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM node_executions"), 0);
  // The shared batch and the bad unit alone.
  EXPECT_EQ(writer.statistics().failed_batches, 2u);
}

TEST_P(GroupCommitWriterTest, OneSubmitIsAllOrNothing) {
  GroupCommitWriter writer(*database_);
  const store::NewExecution execution = newExecution();
  const std::array<StateChange, 3> unit = {execution,
                                           nodeState(execution.id, store::newUuid(), "running"),
                                           statusUpdate(store::newUuid(), "failed")};
  const auto error = writer.submit(unit);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(std::string(error->what()).find("no such execution"), std::string::npos)
      << error->what();
  EXPECT_EQ(count("SELECT COUNT(*) FROM workflow_executions"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM node_executions"), 0);
  EXPECT_EQ(writer.submit(unit[0]), std::nullopt);
}

TEST_P(GroupCommitWriterTest, AnExecutionWrittenTwiceIsAUniqueViolation) {
  GroupCommitWriter writer(*database_);
  const store::NewExecution execution = newExecution();
  ASSERT_EQ(writer.submit(execution), std::nullopt);
  const auto again = writer.submit(execution);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->kind(), StoreErrorKind::UniqueViolation) << again->what();
  EXPECT_NE(std::string(again->what()).find("cannot insert execution " + execution.id),
            std::string::npos)
      << again->what();
}

TEST_P(GroupCommitWriterTest, ACronTickIsRecordedWithItsExecutionAndFiresOnlyOnce) {
  GroupCommitWriter writer(*database_);
  store::NewExecution first = newExecution();
  first.cron_tick = store::CronTickClaim{owners_.workflow_id, "cron", "2026-11-30T06:00:00.000Z"};
  ASSERT_EQ(writer.submit(first), std::nullopt);
  EXPECT_EQ(count("SELECT COUNT(*) FROM cron_ticks"), 1);

  // Another scan (or instance) with the same tick: refused as a unique violation, and its
  // execution is not written.
  store::NewExecution second = newExecution();
  second.cron_tick = first.cron_tick;
  const auto refused = writer.submit(second);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->kind(), StoreErrorKind::UniqueViolation) << refused->what();
  EXPECT_EQ(count("SELECT COUNT(*) FROM workflow_executions"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM execution_queue"), 1);

  // A unit that fails after its tick leaves no tick behind: the tick is fired again later.
  store::NewExecution doomed = newExecution();
  doomed.cron_tick = store::CronTickClaim{owners_.workflow_id, "cron", "2026-11-30T06:01:00.000Z"};
  const std::array<StateChange, 2> unit = {doomed, statusUpdate(store::newUuid(), "failed")};
  ASSERT_TRUE(writer.submit(unit).has_value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM cron_ticks"), 1);
  doomed.id = store::newUuid();
  doomed.queue_entry_id = store::newUuid();
  EXPECT_EQ(writer.submit(doomed), std::nullopt);
  EXPECT_EQ(count("SELECT COUNT(*) FROM cron_ticks"), 2);
}

TEST_P(GroupCommitWriterTest, AUnitLargerThanTheByteBoundStillGoesAlone) {
  GroupCommitSettings settings;
  settings.max_batch_bytes = 16;
  GroupCommitWriter writer(*database_, settings);
  const store::NewExecution execution = newExecution();
  store::NodeExecutionState done = nodeState(execution.id, store::newUuid(), "completed");
  done.output_json = R"({"text":")" + std::string(10000, 'x') + R"("})";
  const std::array<StateChange, 2> unit = {execution, done};
  EXPECT_EQ(writer.submit(unit), std::nullopt);
  EXPECT_EQ(count("SELECT COUNT(*) FROM node_executions"), 1);
}

TEST_P(GroupCommitWriterTest, ShutdownCompletesQueuedCallersAndRefusesLaterOnes) {
  GroupCommitSettings settings;
  settings.max_linger = 30s;  // nothing would commit before shutdown but shutdown itself
  GroupCommitWriter writer(*database_, settings);
  constexpr int kCallers = 6;
  std::atomic<int> committed{0};
  std::atomic<int> refused{0};
  std::thread stopper([&] {
    std::this_thread::sleep_for(200ms);
    writer.shutdown();
  });
  const auto started = std::chrono::steady_clock::now();
  runConcurrently(kCallers, [&](int) {
    const auto outcome = writer.submit(newExecution());
    if (!outcome) {
      ++committed;
    } else if (outcome->kind() == StoreErrorKind::Unavailable) {
      ++refused;  // a caller that arrived after shutdown began
    }
  });
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  EXPECT_EQ(committed + refused, kCallers);
  EXPECT_EQ(count("SELECT COUNT(*) FROM workflow_executions"), committed.load());

  const auto late = writer.submit(newExecution());
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(late->kind(), StoreErrorKind::Unavailable);
  writer.shutdown();  // idempotent
}

TEST_P(GroupCommitWriterTest, LingerGathersConcurrentCallersIntoOneBatch) {
  GroupCommitSettings settings;
  settings.max_batch_changes = 16;
  settings.max_linger = 10s;
  GroupCommitWriter writer(*database_, settings);
  std::atomic<int> failures{0};
  runConcurrently(16, [&](int) {
    if (writer.submit(newExecution())) ++failures;
  });
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(writer.statistics().committed_batches, 1u);
  EXPECT_EQ(writer.statistics().committed_changes, 16u);
}

TEST_P(GroupCommitWriterTest, ALoneCallerCommitsOnItsOwnThread) {
  // Nothing queued, nothing committing: no hand-off to the writer thread and back.
  std::thread::id committed_on;
  GroupCommitSettings settings;
  settings.on_commit = [&committed_on](std::size_t) { committed_on = std::this_thread::get_id(); };
  GroupCommitWriter writer(*database_, settings);
  ASSERT_FALSE(writer.submit(newExecution()));
  EXPECT_EQ(committed_on, std::this_thread::get_id());
  ASSERT_FALSE(writer.submit(newExecution()));
  EXPECT_EQ(writer.statistics().committed_batches, 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM workflow_executions"), 2);
}

TEST_P(GroupCommitWriterTest, AnExecutionWrittenAfterItEndedGoesInFinishedWithoutAQueueEntry) {
  GroupCommitWriter writer(*database_);
  store::NewExecution ended = newExecution();
  ended.status = "completed";
  ended.start_time = "2026-01-02T03:04:05.000Z";
  ended.end_time = "2026-01-02T03:04:05.250Z";
  ended.duration_ms = 250;
  ASSERT_FALSE(writer.submit(ended));
  store::NewExecution running = newExecution();
  running.status = "running";
  running.start_time = "2026-01-02T03:04:06.000Z";
  ASSERT_FALSE(writer.submit(running));
  EXPECT_EQ(count("SELECT COUNT(*) FROM workflow_executions WHERE id = '" + ended.id +
                  "' AND status = 'completed' AND start_time IS NOT NULL AND end_time IS NOT "
                  "NULL AND duration_ms = 250 AND error_message IS NULL"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM execution_queue WHERE execution_id = '" + ended.id + "'"),
            0);
  // Still running: its queue entry is its claim on the work left.
  EXPECT_EQ(count("SELECT COUNT(*) FROM workflow_executions WHERE id = '" + running.id +
                  "' AND status = 'running' AND start_time IS NOT NULL AND end_time IS NULL"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM execution_queue WHERE execution_id = '" + running.id + "'"),
            1);
}

ORCHESTRA_INSTANTIATE_FOR_BOTH_DIALECTS(GroupCommitWriterTest);

}  // namespace
}  // namespace orchestra::runtime
