// Rate-limit counters in this process's memory: exact for one instance, nothing shared.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "host/auth/RateLimiter.hpp"

namespace orchestra::auth {

class InMemoryRateLimiter final : public RateLimiter {
 public:
  RateLimitDecision hit(std::string_view key, int limit,
                        std::chrono::seconds window) noexcept override;

 private:
  struct Counter {
    std::int64_t window_index = 0;
    int count = 0;
    std::chrono::steady_clock::time_point window_end;
  };
  void pruneLocked(std::chrono::steady_clock::time_point now);

  std::mutex mutex_;
  std::unordered_map<std::string, Counter> counters_;
  std::chrono::steady_clock::time_point next_prune_;
};

}  // namespace orchestra::auth
