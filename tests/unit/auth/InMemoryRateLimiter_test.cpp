// InMemoryRateLimiter: a fixed budget per key and window, separate keys, and a fresh budget
// when the window (aligned to the clock) turns over.
#include "host/auth/InMemoryRateLimiter.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace orchestra::auth {
namespace {

// Long enough that no window boundary falls inside a test (windows are aligned to the epoch).
constexpr std::chrono::seconds kLongWindow{86400 * 365};

TEST(InMemoryRateLimiter, CountsDownTheBudgetThenRefuses) {
  InMemoryRateLimiter limiter;
  for (int request = 1; request <= 3; ++request) {
    const RateLimitDecision decision = limiter.hit("ip:203.0.113.7", 3, kLongWindow);
    EXPECT_TRUE(decision.allowed) << "request " << request;
    EXPECT_EQ(decision.limit, 3);
    EXPECT_EQ(decision.remaining, 3 - request);
    EXPECT_GE(decision.reset_seconds, 1);
    EXPECT_LE(decision.reset_seconds, kLongWindow.count());
  }
  for (int request = 4; request <= 5; ++request) {
    const RateLimitDecision decision = limiter.hit("ip:203.0.113.7", 3, kLongWindow);
    EXPECT_FALSE(decision.allowed) << "request " << request;
    EXPECT_EQ(decision.remaining, 0);
  }
}

TEST(InMemoryRateLimiter, KeysHaveBudgetsOfTheirOwn) {
  InMemoryRateLimiter limiter;
  EXPECT_TRUE(limiter.hit("user:a", 1, kLongWindow).allowed);
  EXPECT_FALSE(limiter.hit("user:a", 1, kLongWindow).allowed);
  EXPECT_TRUE(limiter.hit("user:b", 1, kLongWindow).allowed);
  EXPECT_TRUE(limiter.hit("user:a:suffix", 1, kLongWindow).allowed);
}

TEST(InMemoryRateLimiter, ABudgetRefillsWhenItsWindowTurnsOver) {
  InMemoryRateLimiter limiter;
  const std::chrono::seconds window{1};
  // Start just after a second boundary, so that two hits surely share a window.
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto into_second = now - std::chrono::duration_cast<std::chrono::seconds>(now);
  if (into_second > std::chrono::milliseconds(800)) {
    std::this_thread::sleep_for(std::chrono::seconds(1) - into_second +
                                std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(limiter.hit("otp_verify:ip:x", 1, window).allowed);
  const RateLimitDecision refused = limiter.hit("otp_verify:ip:x", 1, window);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.reset_seconds, 1);
  // Into the next one-second window (at most about a second away).
  const auto later = std::chrono::system_clock::now().time_since_epoch();
  std::this_thread::sleep_for(std::chrono::seconds(1) -
                              (later - std::chrono::duration_cast<std::chrono::seconds>(later)) +
                              std::chrono::milliseconds(20));
  const RateLimitDecision fresh = limiter.hit("otp_verify:ip:x", 1, window);
  EXPECT_TRUE(fresh.allowed);
  EXPECT_EQ(fresh.remaining, 0);
}

}  // namespace
}  // namespace orchestra::auth
