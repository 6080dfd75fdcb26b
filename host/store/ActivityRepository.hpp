// SQL for activity_logs: one row per change anyone made through the API (who, from where, what,
// on which resource), written inside the change's own transaction when the caller has one.
#pragma once

#include <Poco/Data/Session.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/store/Database.hpp"

namespace orchestra::store {

struct ActivityRow {
  std::string id;
  std::optional<std::string> workspace_id;  // null for a change of the user's own account
  std::string user_id;
  std::string action;  // "<resource>.<verb>", e.g. workflow.updated, member.role_changed
  std::optional<std::string> resource_type;
  std::optional<std::string> resource_id;
  std::string details = "{}";  // JSON object text
  std::optional<std::string> ip_address;
  std::optional<std::string> user_agent;
  std::string created_at;
};

// Filters of GET /activity: rows of the caller's readable workspaces, plus (when set) the rows
// of that user's own account, which belong to no workspace (a profile change).
struct ActivityQuery {
  std::vector<std::string> workspace_ids;
  std::optional<std::string> account_user_id;
  std::optional<std::string> user_id;
  std::optional<std::string> action;
  std::optional<std::string> resource_type;
  std::optional<std::string> resource_id;
  std::optional<std::string> created_after;  // canonical timestamps, exclusive
  std::optional<std::string> created_before;
  std::int64_t limit = 20;
  std::int64_t offset = 0;
};

struct ActivityPage {
  std::vector<ActivityRow> rows;
  std::int64_t total = 0;
};

class ActivityRepository {
 public:
  explicit ActivityRepository(Database& database) : database_(database) {}

  void insert(Poco::Data::Session& session, const ActivityRow& row);
  void insert(const ActivityRow& row);
  // Newest first.
  ActivityPage list(const ActivityQuery& query);

 private:
  Database& database_;
};

}  // namespace orchestra::store
