// SQL for cron_ticks: the last tick a trigger fired, and pruning. The row whose INSERT decides
// which instance fires a tick (the primary key lets exactly one succeed) is written with the
// tick's execution, in its transaction (store::NewExecution::cron_tick).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "host/store/Database.hpp"

namespace orchestra::store {

class CronTickRepository {
 public:
  explicit CronTickRepository(Database& database) : database_(database) {}

  // The latest tick recorded for the trigger, in the same form, or nullopt.
  std::optional<std::string> lastTick(std::string_view workflow_id, std::string_view node_id);

  // Deletes ticks older than `before`, except each trigger's latest (which catch-up reads).
  std::size_t prune(const std::string& before);

 private:
  Database& database_;
};

}  // namespace orchestra::store
