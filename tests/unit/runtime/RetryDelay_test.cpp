// The wait before a retry: the policy's delay, and a provider's Retry-After when it asks longer.
#include "host/runtime/RetryDelay.hpp"

#include <gtest/gtest.h>

namespace orchestra::runtime {
namespace {

using std::chrono::milliseconds;

RetryPolicy steadyPolicy() {
  RetryPolicy policy;
  policy.delays = {milliseconds(50), milliseconds(400)};
  policy.jitter = 0;
  return policy;
}

TEST(RetryDelay, FollowsThePolicyPerAttemptAndRepeatsTheLast) {
  const RetryPolicy policy = steadyPolicy();
  EXPECT_EQ(retryDelay(policy, 1), milliseconds(50));
  EXPECT_EQ(retryDelay(policy, 2), milliseconds(400));
  EXPECT_EQ(retryDelay(policy, 7), milliseconds(400));
}

TEST(RetryDelay, WaitsAsLongAsTheProviderAskedWhenThatIsLonger) {
  EXPECT_EQ(honourRetryAfter(milliseconds(50), milliseconds(2000)), milliseconds(2000));
  EXPECT_EQ(honourRetryAfter(retryDelay(steadyPolicy(), 1), milliseconds(2000)),
            milliseconds(2000));
  // Shorter than the policy or no opinion: the policy's (jittered) delay stands.
  EXPECT_EQ(honourRetryAfter(milliseconds(5000), milliseconds(2000)), milliseconds(5000));
  EXPECT_EQ(honourRetryAfter(milliseconds(50), milliseconds(0)), milliseconds(50));
  EXPECT_EQ(honourRetryAfter(milliseconds(50), milliseconds(-10)), milliseconds(50));
}

TEST(RetryDelay, ARetryAfterIsCappedButAPolicyDelayIsNot) {
  EXPECT_EQ(honourRetryAfter(milliseconds(50), std::chrono::hours(5)), kMaxRetryAfter);
  EXPECT_EQ(honourRetryAfter(std::chrono::minutes(20), std::chrono::hours(5)),
            std::chrono::minutes(20));
}

TEST(RetryDelay, JitterSpreadsThePolicyDelayWithinItsBounds) {
  RetryPolicy policy = steadyPolicy();
  policy.jitter = 0.2;
  for (int i = 0; i < 50; ++i) {
    const auto delay = retryDelay(policy, 2);
    EXPECT_GE(delay, milliseconds(320));
    EXPECT_LE(delay, milliseconds(480));
    EXPECT_EQ(honourRetryAfter(delay, milliseconds(2000)), milliseconds(2000));
  }
}

}  // namespace
}  // namespace orchestra::runtime
