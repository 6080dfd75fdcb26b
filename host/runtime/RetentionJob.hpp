// Keeps the database from growing without end: deletes finished executions past a maximum age
// or beyond a maximum count (their nodes, logs and queue rows go with them by ON DELETE
// CASCADE), and purges expired one-time codes and sessions. Runs on its own thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "host/store/Database.hpp"

namespace orchestra::runtime {

struct RetentionSettings {
  std::chrono::hours max_age{24 * 30};  // zero keeps executions of any age
  std::int64_t max_executions = 0;      // finished executions kept, newest first; 0: no limit
  std::chrono::milliseconds interval{3600000};
};

struct RetentionReport {
  std::int64_t executions = 0;
  std::int64_t otp_codes = 0;
  std::int64_t sessions = 0;
};

class RetentionJob {
 public:
  RetentionJob(store::Database& database, RetentionSettings settings);
  ~RetentionJob();
  RetentionJob(const RetentionJob&) = delete;
  RetentionJob& operator=(const RetentionJob&) = delete;

  // One pass now, on the caller's thread. Errors: StoreError.
  RetentionReport runOnce();
  // A pass every interval (the first one interval after start) until stop().
  void start();
  void stop();

 private:
  store::Database& database_;
  const RetentionSettings settings_;
  std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace orchestra::runtime
