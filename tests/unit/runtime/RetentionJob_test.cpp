// The retention pass on both databases: finished executions past the age or beyond the count
// go (with their nodes), running ones and recent ones stay; expired codes and sessions go.
#include "host/runtime/RetentionJob.hpp"

#include <gtest/gtest.h>

#include "host/store/SqlValues.hpp"
#include "host/store/Timestamp.hpp"
#include "tests/support/ExecutionOwners.hpp"
#include "tests/unit/store/StoreTestSupport.hpp"

namespace orchestra::runtime {
namespace {

using namespace Poco::Data::Keywords;
using store::DialectKind;
using store::dialectName;

class RetentionJobTest : public store::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    migrate();
    owners_ = testing::insertExecutionOwners(*database_);
  }

  std::string execution(const std::string& status, std::int64_t age_seconds) {
    std::string id = store::newUuid();
    std::string created = store::utcTimestampFromNow(-age_seconds);
    std::string node_id = store::newUuid();
    database_->withTransaction([&](Poco::Data::Session& session) {
      session << database_->dialect().sql(
          "INSERT INTO workflow_executions (id, workspace_id, workflow_id, user_id, "
          "status, trigger_data, created_at) VALUES (?, ?, ?, ?, ?, '{}', ?)"),
          useRef(id), useRef(owners_.workspace_id), useRef(owners_.workflow_id),
          useRef(owners_.user_id), useRef(status), useRef(created), now;
      session << database_->dialect().sql(
          "INSERT INTO node_executions (id, execution_id, node_id) VALUES (?, ?, 'a')"),
          useRef(node_id), useRef(id), now;
    });
    return id;
  }

  int count(const std::string& sql) {
    Poco::Data::Session session = database_->session();
    int value = -1;
    session << sql, into(value), now;
    return value;
  }

  bool exists(const std::string& id) {
    Poco::Data::Session session = database_->session();
    int value = 0;
    session << database_->dialect().sql("SELECT COUNT(*) FROM workflow_executions WHERE id = ?"),
        useRef(id), into(value), now;
    return value == 1;
  }

  testing::ExecutionOwners owners_;
};

TEST_P(RetentionJobTest, DeletesFinishedExecutionsPastTheAgeWithTheirNodes) {
  const std::string old_done = execution("completed", std::int64_t{40} * 86400);
  const std::string old_failed = execution("failed", std::int64_t{31} * 86400);
  const std::string old_running = execution("running", std::int64_t{40} * 86400);
  const std::string recent = execution("completed", 60);
  RetentionJob job(*database_, {std::chrono::hours(24 * 30), 0, std::chrono::hours(1)});
  EXPECT_EQ(job.runOnce().executions, 2);
  EXPECT_FALSE(exists(old_done));
  EXPECT_FALSE(exists(old_failed));
  EXPECT_TRUE(exists(old_running));  // still has work to do
  EXPECT_TRUE(exists(recent));
  EXPECT_EQ(count("SELECT COUNT(*) FROM node_executions"), 2);
}

TEST_P(RetentionJobTest, KeepsOnlyTheNewestFinishedExecutionsBeyondTheCount) {
  const std::string oldest = execution("completed", 300);
  const std::string middle = execution("cancelled", 200);
  const std::string newest = execution("completed", 100);
  const std::string running = execution("pending", 400);
  RetentionJob job(*database_, {std::chrono::hours(0), 2, std::chrono::hours(1)});
  EXPECT_EQ(job.runOnce().executions, 1);
  EXPECT_FALSE(exists(oldest));
  EXPECT_TRUE(exists(middle));
  EXPECT_TRUE(exists(newest));
  EXPECT_TRUE(exists(running));
}

TEST_P(RetentionJobTest, PurgesExpiredCodesAndSessions) {
  const std::string expired = store::utcTimestampFromNow(-10);
  const std::string live = store::utcTimestampFromNow(600);
  database_->withTransaction([&](Poco::Data::Session& session) {
    for (const std::string* expires : {&expired, &live}) {
      std::string code_id = store::newUuid();
      session << database_->dialect().sql(
          "INSERT INTO otp_codes (id, email, code, purpose, expires_at) "
          "VALUES (?, 'a@example.com', 'h', 'login', ?)"),
          useRef(code_id), useRef(*expires), now;
    }
  });
  RetentionJob job(*database_, {std::chrono::hours(0), 0, std::chrono::hours(1)});
  EXPECT_EQ(job.runOnce().otp_codes, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM otp_codes"), 1);
}

ORCHESTRA_INSTANTIATE_FOR_BOTH_DIALECTS(RetentionJobTest);

}  // namespace
}  // namespace orchestra::runtime
