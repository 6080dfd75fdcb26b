#include "host/runtime/ExecutionQueries.hpp"

#include <gtest/gtest.h>

#include <set>

#include "host/errors/ApiError.hpp"

namespace orchestra::runtime {
namespace {

using errors::ApiError;

// "query.<parameter> -> type" of every issue of the 422 `filter` causes.
std::set<std::string> issuesOf(const ExecutionFilter& filter) {
  try {
    executionListQuery(filter, {"w"});
  } catch (const ApiError& error) {
    EXPECT_EQ(error.status(), 422);
    std::set<std::string> issues;
    for (const auto& issue : error.issues())
      issues.insert(issue.loc.at(0) + "." + issue.loc.at(1) + " -> " + issue.type);
    return issues;
  }
  ADD_FAILURE() << "no 422";
  return {};
}

TEST(ExecutionQueriesTest, PassesValidFiltersOnInCanonicalForm) {
  ExecutionFilter filter;
  filter.workflow_id = "0F8FAD5B-D9CB-469F-A165-70867728950E";
  filter.status = "cancelled";
  filter.created_after = "2025-11-13T10:00:00+01:00";
  filter.created_before = "2025-11-14";
  filter.limit = 7;
  filter.offset = 14;
  const auto query = executionListQuery(filter, {"w1", "w2"});
  EXPECT_EQ(query.workspace_ids, (std::vector<std::string>{"w1", "w2"}));
  EXPECT_EQ(query.workflow_id, "0f8fad5b-d9cb-469f-a165-70867728950e");
  EXPECT_EQ(query.status, "cancelled");
  EXPECT_EQ(query.created_after, "2025-11-13T09:00:00.000Z");
  EXPECT_EQ(query.created_before, "2025-11-14T00:00:00.000Z");
  EXPECT_EQ(query.limit, 7);
  EXPECT_EQ(query.offset, 14);
}

TEST(ExecutionQueriesTest, AbsentFiltersFilterNothing) {
  const auto query = executionListQuery({}, {"w"});
  EXPECT_FALSE(query.workflow_id || query.status || query.created_after || query.created_before);
}

TEST(ExecutionQueriesTest, AcceptsExactlyThePlansStatuses) {
  for (const char* status : {"pending", "running", "completed", "failed", "cancelled"}) {
    EXPECT_TRUE(isExecutionStatus(status)) << status;
  }
  for (const char* status : {"", "Pending", "canceled", "skipped", "running "}) {
    EXPECT_FALSE(isExecutionStatus(status)) << status;
    ExecutionFilter filter;
    filter.status = status;
    EXPECT_EQ(issuesOf(filter), (std::set<std::string>{"query.status -> enum"})) << status;
  }
}

TEST(ExecutionQueriesTest, ReportsEveryBadFilterAtOnce) {
  ExecutionFilter filter;
  filter.workflow_id = "not-a-uuid";
  filter.status = "done";
  filter.created_after = "yesterday";
  filter.created_before = "2025-02-30";
  EXPECT_EQ(issuesOf(filter),
            (std::set<std::string>{"query.workflow_id -> uuid_parsing", "query.status -> enum",
                                   "query.created_after -> datetime_parsing",
                                   "query.created_before -> datetime_parsing"}));
}

TEST(ExecutionQueriesTest, ReadsTheLogCursor) {
  EXPECT_EQ(logCursor(std::nullopt), std::nullopt);
  EXPECT_EQ(logCursor("0"), 0);
  EXPECT_EQ(logCursor("9223372036854775807"), 9223372036854775807);
  for (const char* text : {"", "x", "1.5", "12abc", " 1", "9223372036854775808", "-1"}) {
    try {
      logCursor(std::string(text));
      ADD_FAILURE() << "accepted " << text;
    } catch (const ApiError& error) {
      ASSERT_EQ(error.issues().size(), 1U);
      EXPECT_EQ(error.issues().front().loc, (std::vector<std::string>{"query", "after"})) << text;
    }
  }
}

}  // namespace
}  // namespace orchestra::runtime
