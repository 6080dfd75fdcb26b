// SQL for cron_ticks: the row whose INSERT decides which instance fires a cron tick (the
// primary key lets exactly one succeed), the last tick a trigger fired, and pruning.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "host/store/Database.hpp"

namespace orchestra::store {

class CronTickRepository {
 public:
  explicit CronTickRepository(Database& database) : database_(database) {}

  // Records the tick (`tick_at` as 'YYYY-MM-DDTHH:MM:SS.sssZ'); true when this call inserted
  // it, false when another instance (or an earlier scan) already had. Errors: StoreError.
  bool claim(std::string_view workflow_id, std::string_view node_id, const std::string& tick_at);

  // The latest tick recorded for the trigger, in the same form, or nullopt.
  std::optional<std::string> lastTick(std::string_view workflow_id, std::string_view node_id);

  // Deletes ticks older than `before`, except each trigger's latest (which catch-up reads).
  std::size_t prune(const std::string& before);

 private:
  Database& database_;
};

}  // namespace orchestra::store
