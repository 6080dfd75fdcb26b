// The activity log: who changed what, from which address and client, in which workspace. API
// areas record their changes here; GET /api/v1/activity reads it within the caller's workspaces.
#pragma once

#include <optional>
#include <string>

#include "host/auth/Caller.hpp"
#include "host/auth/ClientInfo.hpp"
#include "host/store/ActivityRepository.hpp"

namespace orchestra::workspaces {

// One change, as a handler or service describes it.
struct ActivityEntry {
  std::optional<std::string> workspace_id;
  std::string action;  // "<resource>.<verb>": workflow.created, secret.deleted, ...
  std::string resource_type;
  std::optional<std::string> resource_id;
  std::string details = "{}";  // JSON object text
};

// The row for `entry` made by `caller` from `client`.
store::ActivityRow activityRow(const auth::Caller& caller, const auth::ClientInfo& client,
                               const ActivityEntry& entry);

// GET /activity's filters, as the request gave them (unchecked).
struct ActivityFilter {
  std::optional<std::string> workspace_id;
  std::optional<std::string> user_id;
  std::optional<std::string> action;
  std::optional<std::string> resource_type;
  std::optional<std::string> resource_id;
  std::optional<std::string> created_after;
  std::optional<std::string> created_before;
  std::int64_t limit = 20;
  std::int64_t offset = 0;
};

class ActivityLog {
 public:
  explicit ActivityLog(store::Database& database) : activity_(database) {}

  // In its own transaction: for areas whose repositories commit on their own.
  void record(const auth::Caller& caller, const auth::ClientInfo& client,
              const ActivityEntry& entry);
  // Within the caller's workspaces (workspace_id: that one only, 404/403 as the policy says);
  // bad ids and timestamps are 422.
  store::ActivityPage list(const auth::Caller& caller, const ActivityFilter& filter);

 private:
  store::ActivityRepository activity_;
};

}  // namespace orchestra::workspaces
