// What the runtime persists as an execution advances, as one value the group-commit writer
// queues: a new execution (with its queue entry), a node's state, an execution's status, or
// a log entry.
#pragma once

#include <cstddef>
#include <variant>

#include "host/store/ExecutionRows.hpp"

namespace orchestra::runtime {

using StateChange = std::variant<store::NewExecution, store::NodeExecutionState,
                                 store::ExecutionStatusUpdate, store::ExecutionLogEntry>;

// Roughly what the change's values weigh (their text, not the struct): what bounds a batch's
// size in bytes, so one batch never holds megabytes of node outputs in a single transaction.
std::size_t approximateSizeBytes(const StateChange& change) noexcept;

}  // namespace orchestra::runtime
