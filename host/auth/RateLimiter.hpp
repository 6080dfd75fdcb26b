// Fixed-window request budgets ("5 per 15 minutes per IP"): one counter per key and window.
// InMemoryRateLimiter serves one instance; RedisRateLimiter shares budgets between instances.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace orchestra::auth {

struct RateLimitDecision {
  bool allowed = true;
  int limit = 0;
  int remaining = 0;
  std::int64_t reset_seconds = 0;  // until the window ends (>= 1)
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Counts one request against `key` within windows of `window` and says whether it fits in
  // `limit`. Never throws: a limiter that cannot decide lets the request through (and logs).
  virtual RateLimitDecision hit(std::string_view key, int limit,
                                std::chrono::seconds window) noexcept = 0;
};

}  // namespace orchestra::auth
