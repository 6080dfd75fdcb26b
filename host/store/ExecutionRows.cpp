#include "host/store/ExecutionRows.hpp"

namespace orchestra::store {

bool isFinishedExecutionStatus(const std::string& status) noexcept {
  return status == "completed" || status == "failed" || status == "cancelled";
}

}  // namespace orchestra::store
