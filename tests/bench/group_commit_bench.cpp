// What durable per-step state costs on SQLite: one commit per change (synchronous FULL and
// NORMAL) against the group-commit writer with 1-64 concurrent callers, the "3-node execution"
// write pattern per caller, and prepared statements against SQL re-parsed per row.
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "host/runtime/GroupCommitWriter.hpp"
#include "host/store/Database.hpp"
#include "host/store/ExecutionRepository.hpp"
#include "host/store/MigrationRunner.hpp"
#include "host/store/PocoExecutionRepository.hpp"
#include "host/store/SqlValues.hpp"
#include "tests/support/ExecutionOwners.hpp"

namespace {

using namespace Poco::Data::Keywords;
using orchestra::runtime::GroupCommitSettings;
using orchestra::runtime::GroupCommitWriter;
using orchestra::runtime::StateChange;
using orchestra::store::Database;
using orchestra::store::newUuid;
using Clock = std::chrono::steady_clock;

// kPostgres: the database at ${ORCHESTRA_BENCH_POSTGRES_URL} (migrated, rows left behind).
enum Synchronous { kNormal = 0, kFull = 1, kPostgres = 2 };

// Unique UUID-shaped ids without the cost of newUuid() (Poco reads the OS random source for each,
// which would dominate the figures below): one random prefix, then a counter.
class FastIds {
 public:
  std::string next() {
    char tail[13];
    std::snprintf(
        tail, sizeof tail, "%012llx",
        static_cast<unsigned long long>(counter_.fetch_add(1, std::memory_order_relaxed)));
    return prefix_ + tail;
  }

 private:
  const std::string prefix_ = newUuid().substr(0, 24);
  std::atomic<std::uint64_t> counter_{0};
};

// What newUuid() costs the runtime per id (an execution, a queue entry, each node execution).
void BM_NewUuid(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(newUuid());
}
BENCHMARK(BM_NewUuid);

// A migrated SQLite file in a fresh temporary folder, with one execution to hang nodes on.
class BenchDatabase {
 public:
  explicit BenchDatabase(Synchronous synchronous) {
    orchestra::config::DatabaseSettings settings;
    if (synchronous == kPostgres) {
      settings.url = std::getenv("ORCHESTRA_BENCH_POSTGRES_URL");
    } else {
      folder_ = std::filesystem::temp_directory_path() /
                ("orchestra-group-commit-" + newUuid().substr(0, 8));
      std::filesystem::create_directories(folder_);
      settings.url = "sqlite:///" + (folder_ / "bench.db").string();
    }
    settings.sqlite_synchronous = synchronous == kFull ? "full" : "normal";
    settings.pool_max_sessions = 4;
    database_ = std::make_unique<Database>(settings);
    const auto migrations = std::filesystem::path(ORCHESTRA_SOURCE_DIR) / "migrations";
    orchestra::store::MigrationRunner(*database_, migrations).apply();
    owners_ = orchestra::testing::insertExecutionOwners(*database_);
    const auto first = newExecution();
    execution_id_ = first.id;
    database_->withTransaction([&](Poco::Data::Session& session) {
      orchestra::store::ExecutionRepository::create(database_->dialect(), session)
          ->insertExecution(first);
    });
  }
  ~BenchDatabase() {
    database_.reset();
    std::error_code ignored;
    if (!folder_.empty()) std::filesystem::remove_all(folder_, ignored);
  }

  Database& database() { return *database_; }

  orchestra::store::NewExecution newExecution() const {
    orchestra::store::NewExecution row;
    row.id = ids_.next();
    row.workspace_id = owners_.workspace_id;
    row.workflow_id = owners_.workflow_id;
    row.user_id = owners_.user_id;
    row.trigger_type = "webhook";
    row.trigger_data_json = R"({"email":"ada@example.com","amount":42})";
    row.queue_entry_id = ids_.next();
    return row;
  }

  // A completed node of the shared execution, with a small output: the typical step.
  orchestra::store::NodeExecutionState completedNode(std::string execution_id = {}) const {
    orchestra::store::NodeExecutionState row;
    row.id = ids_.next();
    row.execution_id = execution_id.empty() ? execution_id_ : std::move(execution_id);
    row.node_id = "set_1";
    row.status = "completed";
    row.output_json = R"({"greeting":"hello","count":3,"items":["a","b"]})";
    row.end_time = "2026-11-29T12:00:00.000Z";
    row.duration_ms = 1;
    return row;
  }

 private:
  std::filesystem::path folder_;
  std::unique_ptr<Database> database_;
  orchestra::testing::ExecutionOwners owners_;
  std::string execution_id_;
  mutable FastIds ids_;
};

void reportLatencies(benchmark::State& state, std::vector<double>& latencies_us) {
  if (latencies_us.empty()) return;
  std::sort(latencies_us.begin(), latencies_us.end());
  auto at = [&](double quantile) {
    return latencies_us[std::min(latencies_us.size() - 1,
                                 static_cast<std::size_t>(quantile * latencies_us.size()))];
  };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
}

// Baseline: each change is its own transaction, one thread (what a naive runtime does per step).
void BM_OneCommitPerChange(benchmark::State& state) {
  BenchDatabase bench(static_cast<Synchronous>(state.range(0)));
  Database& database = bench.database();
  Poco::Data::Session session = database.session();
  const auto repository =
      orchestra::store::ExecutionRepository::create(database.dialect(), session);
  std::vector<double> latencies_us;
  for (auto _ : state) {
    const auto row = bench.completedNode();
    const auto started = Clock::now();
    database.begin(session);
    repository->saveNodeState(row);
    database.commit(session);
    latencies_us.push_back(
        std::chrono::duration<double, std::micro>(Clock::now() - started).count());
  }
  state.SetItemsProcessed(state.iterations());
  reportLatencies(state, latencies_us);
}
BENCHMARK(BM_OneCommitPerChange)->ArgName("full")->Arg(kNormal)->Arg(kFull)->UseRealTime();

// `submitters` threads each submit `changes_per_submitter` node changes, one at a time, each
// awaited: rows/s is items_per_second, p50/p99 the wait of one submit.
void BM_GroupCommit(benchmark::State& state) {
  BenchDatabase bench(static_cast<Synchronous>(state.range(0)));
  const int submitters = static_cast<int>(state.range(1));
  const int changes_per_submitter = std::max(50, 3200 / submitters);
  GroupCommitWriter writer(bench.database());
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(submitters));
  for (auto _ : state) {
    std::vector<std::thread> threads;
    for (int t = 0; t < submitters; ++t) {
      threads.emplace_back([&, t] {
        auto& mine = latencies[static_cast<std::size_t>(t)];
        for (int i = 0; i < changes_per_submitter; ++i) {
          const StateChange change = bench.completedNode();
          const auto started = Clock::now();
          if (writer.submit(change)) state.SkipWithError("a submit failed");
          mine.push_back(std::chrono::duration<double, std::micro>(Clock::now() - started).count());
        }
      });
    }
    for (auto& thread : threads)
      thread.join();
  }
  state.SetItemsProcessed(state.iterations() * submitters * changes_per_submitter);
  const auto statistics = writer.statistics();
  state.counters["rows_per_commit"] =
      static_cast<double>(statistics.committed_changes) /
      static_cast<double>(std::max<std::uint64_t>(1, statistics.committed_batches));
  std::vector<double> all;
  for (auto& mine : latencies)
    all.insert(all.end(), mine.begin(), mine.end());
  reportLatencies(state, all);
}
BENCHMARK(BM_GroupCommit)
    ->ArgNames({"full", "submitters"})
    ->ArgsProduct({{kNormal, kFull}, {1, 4, 16, 64}})
    ->UseRealTime();

// The runtime's pattern: per execution, insert it (with its queue entry), complete three nodes
// one after the other, then complete the execution; five awaited submits. items = executions.
void BM_ThreeNodeExecution(benchmark::State& state) {
  BenchDatabase bench(static_cast<Synchronous>(state.range(0)));
  const int submitters = static_cast<int>(state.range(1));
  const int executions_per_submitter = std::max(20, 1000 / submitters);
  GroupCommitWriter writer(bench.database());
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(submitters));
  for (auto _ : state) {
    std::vector<std::thread> threads;
    for (int t = 0; t < submitters; ++t) {
      threads.emplace_back([&, t] {
        auto& mine = latencies[static_cast<std::size_t>(t)];
        for (int i = 0; i < executions_per_submitter; ++i) {
          const auto started = Clock::now();
          const auto execution = bench.newExecution();
          bool failed = writer.submit(execution).has_value();
          for (const char* node : {"set_1", "set_2", "respond"}) {
            auto row = bench.completedNode(execution.id);
            row.node_id = node;
            failed |= writer.submit(row).has_value();
          }
          orchestra::store::ExecutionStatusUpdate finished;
          finished.execution_id = execution.id;
          finished.status = "completed";
          finished.end_time = "2026-11-29T12:00:00.001Z";
          finished.duration_ms = 1;
          failed |= writer.submit(finished).has_value();
          if (failed) state.SkipWithError("a submit failed");
          mine.push_back(std::chrono::duration<double, std::micro>(Clock::now() - started).count());
        }
      });
    }
    for (auto& thread : threads)
      thread.join();
  }
  state.SetItemsProcessed(state.iterations() * submitters * executions_per_submitter);
  std::vector<double> all;
  for (auto& mine : latencies)
    all.insert(all.end(), mine.begin(), mine.end());
  reportLatencies(state, all);
}
BENCHMARK(BM_ThreeNodeExecution)
    ->ArgNames({"full", "submitters"})
    ->ArgsProduct({{kNormal, kFull}, {1, 4, 16, 64}})
    ->UseRealTime();

// 100 node rows in one transaction. way 0-1-3: the same INSERT handed to the Poco session as
// text for each row (0), as a Poco Statement prepared once and re-run with by-reference
// bindings (1), through SQLite's API prepared once (3). way 2 and 4: the repository's upsert,
// SQLite's (native) and the Poco one PostgreSQL uses. items = rows.
const char* const kNodeInsert =
    "INSERT INTO node_executions (id, execution_id, node_id, status, output_data, end_time, "
    "duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)";

void BM_HundredRowsPerCommit(benchmark::State& state) {
  enum Way { kReparsed = 0, kPrepared = 1, kRepository = 2, kSqliteApi = 3, kPocoRepository = 4 };
  const auto way = static_cast<Way>(state.range(0));
  BenchDatabase bench(kNormal);
  Database& database = bench.database();
  Poco::Data::Session session = database.session();
  const auto repository =
      orchestra::store::ExecutionRepository::create(database.dialect(), session);
  orchestra::store::PocoExecutionRepository poco_repository(database.dialect(), session);
  orchestra::store::NodeExecutionState row;
  std::string output;
  std::string end_time;
  Poco::Int64 duration_ms = 0;
  Poco::Data::Statement prepared(session);
  prepared << kNodeInsert, use(row.id), use(row.execution_id), use(row.node_id), use(row.status),
      use(output), use(end_time), use(duration_ms);
  // The same INSERT through SQLite's own API: prepared once, then bind/step/reset per row.
  sqlite3* handle = Poco::Data::SQLite::Utility::dbHandle(session);
  sqlite3_stmt* native = nullptr;
  sqlite3_prepare_v2(handle, kNodeInsert, -1, &native, nullptr);
  auto bindText = [&](int position, const std::string& text) {
    sqlite3_bind_text(native, position, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  };
  for (auto _ : state) {
    database.begin(session);
    for (int i = 0; i < 100; ++i) {
      row = bench.completedNode();
      if (way == kSqliteApi) {
        bindText(1, row.id);
        bindText(2, row.execution_id);
        bindText(3, row.node_id);
        bindText(4, row.status);
        bindText(5, *row.output_json);
        bindText(6, *row.end_time);
        sqlite3_bind_int64(native, 7, *row.duration_ms);
        if (sqlite3_step(native) != SQLITE_DONE) state.SkipWithError(sqlite3_errmsg(handle));
        sqlite3_reset(native);
        continue;
      }
      output = *row.output_json;
      end_time = *row.end_time;
      duration_ms = *row.duration_ms;
      if (way == kRepository) {
        repository->saveNodeState(row);
      } else if (way == kPocoRepository) {
        poco_repository.saveNodeState(row);
      } else if (way == kPrepared) {
        prepared.execute();
      } else {
        session << kNodeInsert, use(row.id), use(row.execution_id), use(row.node_id),
            use(row.status), use(output), use(end_time), use(duration_ms), now;
      }
    }
    database.commit(session);
  }
  sqlite3_finalize(native);
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_HundredRowsPerCommit)
    ->ArgName("way")
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Arg(3)
    ->Arg(4)
    ->UseRealTime();

}  // namespace

// With ORCHESTRA_BENCH_POSTGRES_URL set, the group-commit families also run on PostgreSQL
// (shown as full:2): the same writer, a Poco::Data session of its own.
int main(int argc, char** argv) {
  if (std::getenv("ORCHESTRA_BENCH_POSTGRES_URL") != nullptr) {
    benchmark::RegisterBenchmark("BM_GroupCommit", BM_GroupCommit)
        ->ArgNames({"full", "submitters"})
        ->ArgsProduct({{kPostgres}, {1, 4, 16, 64}})
        ->UseRealTime();
    benchmark::RegisterBenchmark("BM_ThreeNodeExecution", BM_ThreeNodeExecution)
        ->ArgNames({"full", "submitters"})
        ->ArgsProduct({{kPostgres}, {1, 4, 16, 64}})
        ->UseRealTime();
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
