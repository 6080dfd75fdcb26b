// How long a failed attempt waits before the next: the policy's delay for that retry, spread
// by its jitter so that many executions failing together do not retry together.
#pragma once

#include <chrono>

#include "host/runtime/RuntimeSettings.hpp"

namespace orchestra::runtime {

// `failed_attempt` counts from 1. Uses a thread-local random engine.
std::chrono::milliseconds retryDelay(const RetryPolicy& policy, int failed_attempt);

}  // namespace orchestra::runtime
