// Milliseconds on the monotonic clock: deadlines and rate windows of child processes and MCP
// sessions, unaffected by wall-clock changes.
#pragma once

#include <chrono>
#include <cstdint>

namespace orchestra::plugins {

inline std::int64_t steadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace orchestra::plugins
