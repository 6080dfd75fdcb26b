// The plan's rate limits on the real binary: thresholds, 429 with Retry-After and X-RateLimit-*
// headers, X-Forwarded-For believed only from trusted proxies, and one budget shared by two
// hosts through Redis.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "host/store/SqlValues.hpp"
#include "tests/support/AuthTestSupport.hpp"

namespace orchestra::testing {
namespace {

HttpResult requestOtp(const AuthHost& host,
                      const std::map<std::string, std::string>& headers = {}) {
  return host.client().request("POST", "/api/v1/auth/request-otp",
                               R"({"email":"limit@example.com","purpose":"login"})", headers);
}

TEST(AuthRateLimit, RequestOtpAllowsFiveThen429WithHeaders) {
  AuthHost host(store::DialectKind::Sqlite);
  for (int i = 0; i < 5; ++i) {
    const auto result = requestOtp(host);
    ASSERT_EQ(result.status, 200) << i << ": " << result.body;
    EXPECT_EQ(result.header("X-RateLimit-Limit"), "5");
    EXPECT_EQ(result.header("X-RateLimit-Remaining"), std::to_string(4 - i));
    EXPECT_FALSE(result.header("X-RateLimit-Reset").empty());
  }
  const auto refused = requestOtp(host);
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(refused.json()->getValue<std::string>("detail"),
            "Rate limit exceeded; try again later");
  const int retry_after = std::stoi(refused.header("Retry-After"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 900);
  EXPECT_EQ(refused.header("X-RateLimit-Remaining"), "0");
}

TEST(AuthRateLimit, VerifyOtpAllowsTenPerIp) {
  AuthHost host(store::DialectKind::Sqlite);
  for (int i = 0; i < 10; ++i) {
    const auto result = host.client().request("POST", "/api/v1/auth/verify-otp",
                                              R"({"email":"v@example.com","code":"123456"})");
    ASSERT_EQ(result.status, 400) << i;
    EXPECT_EQ(result.header("X-RateLimit-Limit"), "10");
  }
  EXPECT_EQ(host.client()
                .request("POST", "/api/v1/auth/verify-otp",
                         R"({"email":"v@example.com","code":"123456"})")
                .status,
            429);
}

TEST(AuthRateLimit, ApiBudgetIsPerUserAndAiToolsAreStricter) {
  AuthHost host(store::DialectKind::Sqlite,
                "rate_limits:\n  api_limit: 6\n  ai_tools_limit: 2\n  otp_request_limit: 50\n"
                "  otp_verify_limit: 50\n");
  const auto login = host.login("budget@example.com");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::map<std::string, std::string> auth = {
      {"Authorization", "Bearer " + login.json()->getValue<std::string>("access_token")}};
  // The AI budget counts even for a request its handler refuses (GET of a POST route: 405).
  EXPECT_EQ(host.client().request("GET", "/api/v1/tools/ai/chat", "", auth).status, 405);
  EXPECT_EQ(host.client().request("GET", "/api/v1/tools/ai/chat", "", auth).status, 405);
  const auto ai = host.client().request("GET", "/api/v1/tools/ai/chat", "", auth);
  EXPECT_EQ(ai.status, 429);
  EXPECT_EQ(ai.header("X-RateLimit-Limit"), "2");
  // 3 requests of the user's 6 are spent; 3 more pass, the next is refused.
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(host.client().request("GET", "/api/v1/auth/me", "", auth).status, 200) << i;
  const auto over = host.client().request("GET", "/api/v1/auth/me", "", auth);
  EXPECT_EQ(over.status, 429);
  EXPECT_EQ(over.header("X-RateLimit-Limit"), "6");
}

TEST(AuthRateLimit, ForwardedForCountsOnlyFromTrustedProxies) {
  {
    AuthHost untrusted(store::DialectKind::Sqlite, "rate_limits:\n  otp_request_limit: 2\n");
    // Without trusted proxies a client cannot escape its budget by inventing addresses.
    EXPECT_EQ(requestOtp(untrusted, {{"X-Forwarded-For", "1.1.1.1"}}).status, 200);
    EXPECT_EQ(requestOtp(untrusted, {{"X-Forwarded-For", "2.2.2.2"}}).status, 200);
    EXPECT_EQ(requestOtp(untrusted, {{"X-Forwarded-For", "3.3.3.3"}}).status, 429);
  }
  AuthHost proxied(store::DialectKind::Sqlite, "rate_limits:\n  otp_request_limit: 2\n", "",
                   "  trusted_proxies: [\"127.0.0.0/8\"]\n");
  EXPECT_EQ(requestOtp(proxied, {{"X-Forwarded-For", "1.1.1.1"}}).status, 200);
  EXPECT_EQ(requestOtp(proxied, {{"X-Forwarded-For", "1.1.1.1"}}).status, 200);
  EXPECT_EQ(requestOtp(proxied, {{"X-Forwarded-For", "1.1.1.1"}}).status, 429);
  // Another client behind the proxy has a budget of its own...
  EXPECT_EQ(requestOtp(proxied, {{"X-Forwarded-For", "2.2.2.2"}}).status, 200);
  // ...and a client cannot borrow one by prepending an address: the proxy's entry is last.
  EXPECT_EQ(requestOtp(proxied, {{"X-Forwarded-For", "9.9.9.9, 1.1.1.1"}}).status, 429);
}

TEST(AuthRateLimitRedis, TwoHostsShareOneBudget) {
  const std::string prefix = "test-" + store::newUuid() + ":";
  const std::string yaml = "redis:\n  url: " + redisUrl() + "\n  key_prefix: \"" + prefix +
                           "\"\nrate_limits:\n  otp_request_limit: 3\n";
  AuthHost first(store::DialectKind::Sqlite, yaml);
  AuthHost second(store::DialectKind::Sqlite, yaml);
  EXPECT_EQ(requestOtp(first).status, 200);
  EXPECT_EQ(requestOtp(second).status, 200);
  const auto third = requestOtp(first);
  EXPECT_EQ(third.status, 200);
  EXPECT_EQ(third.header("X-RateLimit-Remaining"), "0");
  const auto refused_second = requestOtp(second);
  EXPECT_EQ(refused_second.status, 429);
  EXPECT_FALSE(refused_second.header("Retry-After").empty());
  EXPECT_EQ(requestOtp(first).status, 429);
}

TEST(AuthRateLimitRedis, ConcurrentHitsFromTwoHostsNeverExceedTheBudget) {
  const std::string prefix = "test-" + store::newUuid() + ":";
  const std::string yaml = "redis:\n  url: " + redisUrl() + "\n  key_prefix: \"" + prefix +
                           "\"\nrate_limits:\n  otp_verify_limit: 20\n";
  AuthHost first(store::DialectKind::Sqlite, yaml);
  AuthHost second(store::DialectKind::Sqlite, yaml);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const AuthHost& host = t % 2 == 0 ? first : second;
      for (int i = 0; i < 6; ++i) {
        const auto result = host.client().request("POST", "/api/v1/auth/verify-otp",
                                                  R"({"email":"c@example.com","code":"123456"})");
        if (result.status != 429) ++allowed;
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  // 48 attempts against one shared budget of 20: exactly 20 get through.
  EXPECT_EQ(allowed.load(), 20);
}

}  // namespace
}  // namespace orchestra::testing
