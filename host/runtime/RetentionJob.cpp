#include "host/runtime/RetentionJob.hpp"

#include <Poco/Data/Statement.h>

#include "host/observability/Logger.hpp"
#include "host/store/SqlValues.hpp"
#include "host/store/Timestamp.hpp"

namespace orchestra::runtime {

using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

namespace {

constexpr const char* kFinished = "status IN ('completed', 'failed', 'cancelled')";

std::int64_t run(store::Database& database, Session& session, const std::string& portable_sql,
                 const std::string& parameter) {
  Statement statement(session);
  statement << database.dialect().sql(portable_sql), useRef(parameter);
  return static_cast<std::int64_t>(statement.execute());
}

}  // namespace

RetentionJob::RetentionJob(store::Database& database, RetentionSettings settings)
    : database_(database), settings_(settings) {}

RetentionJob::~RetentionJob() {
  stop();
}

RetentionReport RetentionJob::runOnce() {
  RetentionReport report;
  const std::string now = store::utcNowTimestamp();
  store::translatingErrors(database_.dialect(), "retention", [&] {
    Session session = database_.session();
    if (settings_.max_age.count() > 0) {
      const std::string cutoff = store::utcTimestampFromNow(
          -std::chrono::duration_cast<std::chrono::seconds>(settings_.max_age).count());
      report.executions += run(
          database_, session,
          std::string("DELETE FROM workflow_executions WHERE ") + kFinished + " AND created_at < ?",
          cutoff);
    }
    if (settings_.max_executions > 0) {
      // Everything finished and older than the newest max_executions finished ones.
      Statement statement(session);
      Poco::Int64 keep = settings_.max_executions;
      statement << database_.dialect().sql(
          std::string("DELETE FROM workflow_executions WHERE ") + kFinished +
          " AND id NOT IN (SELECT id FROM workflow_executions WHERE " + kFinished +
          " ORDER BY created_at DESC, id LIMIT ?)"),
          use(keep);
      report.executions += static_cast<std::int64_t>(statement.execute());
    }
    report.otp_codes = run(database_, session, "DELETE FROM otp_codes WHERE expires_at < ?", now);
    report.sessions = run(database_, session, "DELETE FROM sessions WHERE expires_at < ?", now);
  });
  return report;
}

void RetentionJob::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stop_requested_.wait_for(lock, settings_.interval, [&] { return stopping_; })) {
      lock.unlock();
      try {
        const RetentionReport report = runOnce();
        if (report.executions + report.otp_codes + report.sessions > 0) {
          observability::logInfo("runtime", "retention pass",
                                 {{"executions", report.executions},
                                  {"otp_codes", report.otp_codes},
                                  {"sessions", report.sessions}});
        }
      } catch (const std::exception& error) {
        observability::logWarning("runtime", "retention pass failed",
                                  {{"error", std::string(error.what())}});
      }
      lock.lock();
    }
  });
}

void RetentionJob::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace orchestra::runtime
