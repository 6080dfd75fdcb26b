#include "host/runtime/ExecutionQueries.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <utility>

#include "host/auth/Policy.hpp"
#include "host/errors/ApiError.hpp"
#include "host/store/SqlValues.hpp"
#include "host/store/Timestamp.hpp"

namespace orchestra::runtime {

namespace {

using errors::ApiError;
using errors::ValidationIssue;

constexpr std::array<std::string_view, 5> kExecutionStatuses = {"pending", "running", "completed",
                                                                "failed", "cancelled"};

ApiError notFound() {
  return ApiError::notFound("Execution not found");
}

// A timestamp filter as the repository compares it, or an issue located at its parameter.
std::optional<std::string> timestampFilter(const std::optional<std::string>& text,
                                           const char* parameter,
                                           std::vector<ValidationIssue>& issues) {
  if (!text) return std::nullopt;
  auto canonical = store::utcTimestampFromIso8601(*text);
  if (!canonical) {
    issues.push_back({{"query", parameter},
                      "Input should be a valid datetime in ISO 8601 format, e.g. "
                      "2025-11-13T10:00:00Z",
                      "datetime_parsing"});
  }
  return canonical;
}

}  // namespace

bool isExecutionStatus(std::string_view status) noexcept {
  for (const auto known : kExecutionStatuses) {
    if (status == known) return true;
  }
  return false;
}

store::ExecutionListQuery executionListQuery(const ExecutionFilter& filter,
                                             std::vector<std::string> workspace_ids) {
  // Every bad parameter is reported at once, as FastAPI does.
  std::vector<ValidationIssue> issues;
  store::ExecutionListQuery query;
  query.workspace_ids = std::move(workspace_ids);
  if (filter.workflow_id) {
    query.workflow_id = store::canonicalUuid(*filter.workflow_id);
    if (!query.workflow_id) {
      issues.push_back({{"query", "workflow_id"}, "Input should be a valid UUID", "uuid_parsing"});
    }
  }
  if (filter.status) {
    if (isExecutionStatus(*filter.status)) {
      query.status = filter.status;
    } else {
      issues.push_back(
          {{"query", "status"},
           "Input should be 'pending', 'running', 'completed', 'failed' or 'cancelled'",
           "enum"});
    }
  }
  query.created_after = timestampFilter(filter.created_after, "created_after", issues);
  query.created_before = timestampFilter(filter.created_before, "created_before", issues);
  if (!issues.empty()) throw ApiError::validation(std::move(issues));
  query.limit = filter.limit;
  query.offset = filter.offset;
  return query;
}

std::optional<std::int64_t> logCursor(const std::optional<std::string>& after) {
  if (!after) return std::nullopt;
  std::int64_t id = 0;
  const char* const end = after->data() + after->size();
  const auto parsed = std::from_chars(after->data(), end, id);
  if (after->empty() || parsed.ec != std::errc() || parsed.ptr != end) {
    throw ApiError::validation({"query", "after"}, "Input should be a valid integer",
                               "int_parsing");
  }
  if (id < 0) {
    throw ApiError::validation({"query", "after"}, "Input should be greater than or equal to 0",
                               "greater_than_equal");
  }
  return id;
}

store::ExecutionRecord ExecutionQueries::readable(const auth::Caller& caller, std::string_view id) {
  auto row = executions_.find(id);
  // Another workspace's execution is not confirmed to exist.
  if (!row || caller.membership(row->workspace_id) == nullptr) throw notFound();
  auth::authorize(caller, row->workspace_id, auth::Action::ViewExecutions);
  return std::move(*row);
}

store::ExecutionPage ExecutionQueries::list(const auth::Caller& caller,
                                            const ExecutionFilter& filter) {
  return executions_.list(executionListQuery(
      filter, auth::listScope(caller, filter.workspace_id, auth::Action::ViewExecutions)));
}

ExecutionDetail ExecutionQueries::get(const auth::Caller& caller, std::string_view id) {
  ExecutionDetail detail{readable(caller, id), {}};
  store::NodeExecutionQuery every_step;
  every_step.limit = std::numeric_limits<std::int64_t>::max();
  detail.nodes = executions_.nodes(detail.execution.id, every_step).rows;
  return detail;
}

store::NodeExecutionPage ExecutionQueries::nodes(const auth::Caller& caller, std::string_view id,
                                                 std::int64_t limit, std::int64_t offset) {
  const store::ExecutionRecord execution = readable(caller, id);
  return executions_.nodes(execution.id, {true, limit, offset});
}

store::ExecutionLogPage ExecutionQueries::logs(const auth::Caller& caller, std::string_view id,
                                               const store::ExecutionLogQuery& query) {
  const store::ExecutionRecord execution = readable(caller, id);
  return executions_.logs(execution.id, query);
}

}  // namespace orchestra::runtime
