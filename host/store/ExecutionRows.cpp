#include "host/store/ExecutionRows.hpp"

namespace orchestra::store {

bool isFinishedExecutionStatus(const std::string& status) noexcept {
  return status == "completed" || status == "failed" || status == "cancelled";
}

StoreError cronTickTaken(const CronTickClaim& tick) {
  return StoreError("cron tick " + tick.tick_at + " of " + tick.workflow_id + "/" + tick.node_id +
                        " was already fired",
                    StoreErrorKind::UniqueViolation);
}

}  // namespace orchestra::store
