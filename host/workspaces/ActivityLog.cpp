#include "host/workspaces/ActivityLog.hpp"

#include <vector>

#include "host/auth/Policy.hpp"
#include "host/errors/ApiError.hpp"
#include "host/store/SqlValues.hpp"
#include "host/store/Timestamp.hpp"

namespace orchestra::workspaces {

using errors::ApiError;
using errors::ValidationIssue;

store::ActivityRow activityRow(const auth::Caller& caller, const auth::ClientInfo& client,
                               const ActivityEntry& entry) {
  store::ActivityRow row;
  row.workspace_id = entry.workspace_id;
  row.user_id = caller.userId();
  row.action = entry.action;
  row.resource_type = entry.resource_type;
  row.resource_id = entry.resource_id;
  row.details = entry.details;
  row.ip_address = client.ip_address;
  row.user_agent = client.user_agent;
  return row;
}

void ActivityLog::record(const auth::Caller& caller, const auth::ClientInfo& client,
                         const ActivityEntry& entry) {
  activity_.insert(activityRow(caller, client, entry));
}

namespace {

// A UUID filter: canonical, or a 422 naming the parameter.
std::optional<std::string> uuidFilter(const std::optional<std::string>& value, const char* name,
                                      std::vector<ValidationIssue>& issues) {
  if (!value) return std::nullopt;
  auto canonical = store::canonicalUuid(*value);
  if (!canonical)
    issues.push_back({{"query", name}, "Input should be a valid UUID", "uuid_parsing"});
  return canonical;
}

std::optional<std::string> timeFilter(const std::optional<std::string>& value, const char* name,
                                      std::vector<ValidationIssue>& issues) {
  if (!value) return std::nullopt;
  auto timestamp = store::utcTimestampFromIso8601(*value);
  if (!timestamp) {
    issues.push_back(
        {{"query", name}, "Input should be an ISO 8601 timestamp", "datetime_parsing"});
  }
  return timestamp;
}

}  // namespace

store::ActivityPage ActivityLog::list(const auth::Caller& caller, const ActivityFilter& filter) {
  store::ActivityQuery query;
  query.workspace_ids = auth::listScope(caller, filter.workspace_id, auth::Action::ViewActivity);
  // Without a workspace filter the caller also sees their own account's changes.
  if (!filter.workspace_id) query.account_user_id = caller.userId();
  std::vector<ValidationIssue> issues;
  query.user_id = uuidFilter(filter.user_id, "user_id", issues);
  query.resource_id = uuidFilter(filter.resource_id, "resource_id", issues);
  query.created_after = timeFilter(filter.created_after, "created_after", issues);
  query.created_before = timeFilter(filter.created_before, "created_before", issues);
  if (!issues.empty()) throw ApiError::validation(std::move(issues));
  query.action = filter.action;
  query.resource_type = filter.resource_type;
  query.limit = filter.limit;
  query.offset = filter.offset;
  return activity_.list(query);
}

}  // namespace orchestra::workspaces
