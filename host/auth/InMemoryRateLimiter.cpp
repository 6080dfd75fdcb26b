#include "host/auth/InMemoryRateLimiter.hpp"

#include <algorithm>

namespace orchestra::auth {

namespace {
constexpr std::chrono::seconds kPruneInterval{60};
}

RateLimitDecision InMemoryRateLimiter::hit(std::string_view key, int limit,
                                           std::chrono::seconds window) noexcept {
  try {
    const auto now = std::chrono::steady_clock::now();
    const auto since_epoch = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::now().time_since_epoch());
    const std::int64_t index = since_epoch.count() / window.count();
    const std::int64_t reset = (index + 1) * window.count() - since_epoch.count();
    std::lock_guard lock(mutex_);
    if (now >= next_prune_) pruneLocked(now);
    Counter& counter = counters_[std::string(key)];
    if (counter.window_index != index || counter.count == 0) {
      counter = Counter{index, 0, now + std::chrono::seconds(reset)};
    }
    ++counter.count;
    RateLimitDecision decision;
    decision.limit = limit;
    decision.allowed = counter.count <= limit;
    decision.remaining = std::max(0, limit - counter.count);
    decision.reset_seconds = std::max<std::int64_t>(1, reset);
    return decision;
  } catch (...) {
    return RateLimitDecision{true, limit, limit, window.count()};
  }
}

void InMemoryRateLimiter::pruneLocked(std::chrono::steady_clock::time_point now) {
  for (auto it = counters_.begin(); it != counters_.end();) {
    it = it->second.window_end <= now ? counters_.erase(it) : std::next(it);
  }
  next_prune_ = now + kPruneInterval;
}

}  // namespace orchestra::auth
