#include "host/runtime/StateChange.hpp"

#include <optional>
#include <string>

namespace orchestra::runtime {

namespace {

std::size_t sizeOf(const std::string& text) noexcept {
  return text.size();
}
std::size_t sizeOf(const std::optional<std::string>& text) noexcept {
  return text ? text->size() : 0;
}

// The fixed part: ids, status and numbers, whatever their exact text.
constexpr std::size_t kRowOverheadBytes = 64;

}  // namespace

std::size_t approximateSizeBytes(const StateChange& change) noexcept {
  struct Measure {
    std::size_t operator()(const store::NewExecution& row) const noexcept {
      return kRowOverheadBytes * 2 + sizeOf(row.trigger_type) + sizeOf(row.trigger_data_json);
    }
    std::size_t operator()(const store::NodeExecutionState& row) const noexcept {
      return kRowOverheadBytes + sizeOf(row.node_id) + sizeOf(row.input_json) +
             sizeOf(row.output_json) + sizeOf(row.error_message);
    }
    std::size_t operator()(const store::ExecutionStatusUpdate& row) const noexcept {
      return kRowOverheadBytes + sizeOf(row.error_message);
    }
    std::size_t operator()(const store::ExecutionLogEntry& row) const noexcept {
      return kRowOverheadBytes + sizeOf(row.message);
    }
  };
  return std::visit(Measure{}, change);
}

}  // namespace orchestra::runtime
