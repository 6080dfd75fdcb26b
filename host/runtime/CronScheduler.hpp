// Fires the core.trigger.cron nodes of published workflows. Every instance runs a scheduler and
// evaluates every tick; the one whose INSERT into cron_ticks succeeds starts the execution, so
// each tick fires exactly once across instances, on SQLite and PostgreSQL alike.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "host/runtime/CronSchedule.hpp"
#include "host/runtime/Runtime.hpp"
#include "host/store/CronTickRepository.hpp"
#include "host/store/Database.hpp"
#include "host/store/WorkflowRepository.hpp"

namespace orchestra::runtime {

// The trigger data of a cron execution: {scheduled_at, fired_at, expression, timezone}, plus
// "catch_up": true for a missed tick fired late by the trigger's catch_up policy.
class CronScheduler {
 public:
  // `database` and `runtime` must outlive the scheduler. Nothing runs before start().
  CronScheduler(store::Database& database, Runtime& runtime, std::chrono::milliseconds interval);
  ~CronScheduler();
  CronScheduler(const CronScheduler&) = delete;
  CronScheduler& operator=(const CronScheduler&) = delete;

  void start();
  // Waits for a scan in progress to end.
  void stop();

  // One pass over every published cron trigger at `now` (the scheduler thread calls it each
  // interval). Errors are logged, never thrown: a failing trigger never stops the others.
  void scan(std::chrono::system_clock::time_point now);

 private:
  struct Trigger {
    std::string workspace_id;
    std::string user_id;
    std::int64_t version = 0;
    std::string expression;
    std::string timezone;
    bool catch_up_last = false;
    std::optional<CronSchedule> schedule;          // empty while the expression or zone is unusable
    std::chrono::system_clock::time_point cursor;  // every tick up to here is handled
  };
  using TriggerKey = std::pair<std::string, std::string>;  // workflow id, node id

  void loop();
  void fireDue(const TriggerKey& key, Trigger& trigger, std::chrono::system_clock::time_point now);
  // False when the tick could not be recorded (the database is unreachable): it is tried again
  // on the next scan.
  bool fire(const TriggerKey& key, const Trigger& trigger, CronTime tick,
            std::chrono::system_clock::time_point now, bool caught_up);
  std::chrono::system_clock::time_point startingCursor(const TriggerKey& key,
                                                       std::chrono::system_clock::time_point now);

  Runtime& runtime_;
  store::WorkflowRepository workflows_;
  store::CronTickRepository ticks_;
  const std::chrono::milliseconds interval_;
  // A tick later than this when first seen counts as missed (downtime), not merely late.
  const std::chrono::milliseconds on_time_window_;

  std::map<TriggerKey, Trigger> triggers_;  // the scheduler thread's alone
  bool first_scan_ = true;
  std::chrono::system_clock::time_point next_prune_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace orchestra::runtime
