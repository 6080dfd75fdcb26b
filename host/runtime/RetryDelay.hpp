// How long a failed attempt waits before the next: the policy's delay for that retry, spread
// by its jitter so that many executions failing together do not retry together.
#pragma once

#include <chrono>

#include "host/runtime/RuntimeSettings.hpp"

namespace orchestra::runtime {

// The most a provider's Retry-After can make a node wait: beyond it the answer reads as "not
// soon", and holding an execution (and its claim) for longer is worse than trying again.
inline constexpr std::chrono::milliseconds kMaxRetryAfter = std::chrono::minutes(10);

// `failed_attempt` counts from 1. Uses a thread-local random engine.
std::chrono::milliseconds retryDelay(const RetryPolicy& policy, int failed_attempt);

// The wait when the failure said when to come back (`retry_after`, the provider's Retry-After;
// zero = it did not): never sooner than it asked, capped at kMaxRetryAfter, never shorter than
// `policy_delay`.
std::chrono::milliseconds honourRetryAfter(std::chrono::milliseconds policy_delay,
                                           std::chrono::milliseconds retry_after);

}  // namespace orchestra::runtime
