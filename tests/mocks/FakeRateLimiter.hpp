// A fake auth::RateLimiter for tests: records every hit (key, limit, window) and answers with
// a decision the test chose per key prefix, or "allowed, budget untouched" by default.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/auth/RateLimiter.hpp"

namespace orchestra::testing {

class FakeRateLimiter final : public auth::RateLimiter {
 public:
  struct Hit {
    std::string key;
    int limit = 0;
    std::chrono::seconds window{0};
  };

  auth::RateLimitDecision hit(std::string_view key, int limit,
                              std::chrono::seconds window) noexcept override {
    std::lock_guard lock(mutex_);
    hits_.push_back(Hit{std::string(key), limit, window});
    for (const auto& [prefix, decision] : answers_) {
      if (key.starts_with(prefix)) return decision;
    }
    return auth::RateLimitDecision{true, limit, limit, window.count()};
  }

  // Every later hit whose key starts with `key_prefix` gets `decision` (first match wins).
  void answer(std::string key_prefix, auth::RateLimitDecision decision) {
    std::lock_guard lock(mutex_);
    answers_.emplace_back(std::move(key_prefix), decision);
  }

  std::vector<Hit> hits() const {
    std::lock_guard lock(mutex_);
    return hits_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, auth::RateLimitDecision>> answers_;
  std::vector<Hit> hits_;
};

}  // namespace orchestra::testing
