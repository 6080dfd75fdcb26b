#include "host/runtime/RetryDelay.hpp"

#include <algorithm>
#include <random>

namespace orchestra::runtime {

std::chrono::milliseconds retryDelay(const RetryPolicy& policy, int failed_attempt) {
  if (policy.delays.empty()) return std::chrono::milliseconds(0);
  const std::size_t index = std::min<std::size_t>(
      static_cast<std::size_t>(std::max(failed_attempt, 1) - 1), policy.delays.size() - 1);
  const auto base = static_cast<double>(policy.delays[index].count());
  const double jitter = std::clamp(policy.jitter, 0.0, 1.0);
  if (jitter == 0.0 || base == 0.0) return policy.delays[index];
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_real_distribution<double> factor(1.0 - jitter, 1.0 + jitter);
  return std::chrono::milliseconds(static_cast<std::int64_t>(base * factor(engine)));
}

std::chrono::milliseconds honourRetryAfter(std::chrono::milliseconds policy_delay,
                                           std::chrono::milliseconds retry_after) {
  const auto asked = std::clamp(retry_after, std::chrono::milliseconds(0), kMaxRetryAfter);
  return std::max(policy_delay, asked);
}

}  // namespace orchestra::runtime
