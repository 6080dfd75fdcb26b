// What the Executions API reads, scoped to the caller: an execution with its steps, filtered
// pages of executions, a step's input and output, the execution's log. No HTTP, no writes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/auth/Caller.hpp"
#include "host/store/Database.hpp"
#include "host/store/ExecutionQueryRepository.hpp"

namespace orchestra::runtime {

// The list filters as the client sent them (query parameter text); the service checks them.
struct ExecutionFilter {
  std::optional<std::string> workspace_id;  // default: every workspace of the caller's
  std::optional<std::string> workflow_id;
  std::optional<std::string> status;
  std::optional<std::string> created_after;  // ISO-8601
  std::optional<std::string> created_before;
  std::int64_t limit = 20;  // already bounded (http::parsePageRequest)
  std::int64_t offset = 0;
};

// An execution with a summary of every step (no inputs or outputs).
struct ExecutionDetail {
  store::ExecutionRecord execution;
  std::vector<store::NodeExecutionRecord> nodes;
};

// The plan's execution statuses, which are the only values the status filter accepts.
bool isExecutionStatus(std::string_view status) noexcept;

// The repository query `filter` asks for within `workspace_ids`. Throws errors::ApiError 422
// located at ["query", <parameter>] for a status the plan does not define, a timestamp that is
// not ISO-8601 or a workflow_id that is not a UUID.
store::ExecutionListQuery executionListQuery(const ExecutionFilter& filter,
                                             std::vector<std::string> workspace_ids);

// The `after` cursor of a log read: nullopt when absent, else a non-negative entry id. Throws
// errors::ApiError 422 at ["query", "after"] for anything else.
std::optional<std::int64_t> logCursor(const std::optional<std::string>& after);

// Every read sees only executions of workspaces the caller is a member of. An execution that
// does not exist, has a malformed id, or belongs to another workspace is the same 404
// ("Execution not found"): its existence is never confirmed. THREAD: any.
class ExecutionQueries {
 public:
  explicit ExecutionQueries(store::Database& database) : executions_(database) {}

  store::ExecutionPage list(const auth::Caller& caller, const ExecutionFilter& filter);
  ExecutionDetail get(const auth::Caller& caller, std::string_view id);
  // With input and output.
  store::NodeExecutionPage nodes(const auth::Caller& caller, std::string_view id,
                                 std::int64_t limit, std::int64_t offset);
  store::ExecutionLogPage logs(const auth::Caller& caller, std::string_view id,
                               const store::ExecutionLogQuery& query);

 private:
  store::ExecutionRecord readable(const auth::Caller& caller, std::string_view id);

  store::ExecutionQueryRepository executions_;
};

}  // namespace orchestra::runtime
