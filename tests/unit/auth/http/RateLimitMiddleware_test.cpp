// RateLimitMiddleware with a fake limiter: which budgets a request counts against (and under
// which key), the tightest decision in X-RateLimit-* headers, and 429 with Retry-After.
#include "host/auth/http/RateLimitMiddleware.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "host/auth/http/RequestContext.hpp"
#include "tests/mocks/FakeHttpServerRequest.hpp"
#include "tests/mocks/FakeRateLimiter.hpp"

namespace orchestra::auth {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

std::string header(const http::Response& response, std::string_view name) {
  const std::string* value = response.findHeader(name);
  return value == nullptr ? "<absent>" : *value;
}

class RateLimitMiddlewareTest : public ::testing::Test {
 protected:
  RateLimitMiddlewareTest() {
    settings_.otp_request_limit = 5;
    settings_.otp_request_window_seconds = 900;
    settings_.otp_verify_limit = 10;
    settings_.otp_verify_window_seconds = 600;
    settings_.api_limit = 1000;
    settings_.api_window_seconds = 3600;
    settings_.ai_tools_limit = 100;
    settings_.ai_tools_window_seconds = 60;
  }

  // before() for a request to `uri` matched to `route` (nullptr: no route), from 203.0.113.7.
  std::optional<http::Response> before(testing::FakeHttpExchange& exchange,
                                       const http::Route* route) {
    http::RouteMatch match;
    match.kind =
        route != nullptr ? http::RouteMatch::Kind::kFound : http::RouteMatch::Kind::kNotFound;
    match.route = route;
    return middleware().before(exchange.request(), match);
  }

  RateLimitMiddleware& middleware() {
    if (!middleware_)
      middleware_ = std::make_unique<RateLimitMiddleware>(limiter_, addresses_, settings_);
    return *middleware_;
  }

  std::vector<std::string> keys() const {
    std::vector<std::string> keys;
    for (const auto& hit : limiter_.hits())
      keys.push_back(hit.key);
    return keys;
  }

  testing::FakeRateLimiter limiter_;
  ClientAddressResolver addresses_{{"10.0.0.0/8"}};
  config::RateLimitSettings settings_;
  std::unique_ptr<RateLimitMiddleware> middleware_;
  http::Route workflows_{"GET", "/api/v1/workflows", {}, {}, {}};
  http::Route request_otp_{"POST", "/api/v1/auth/request-otp", {}, {}, {}};
  http::Route verify_otp_{"POST", "/api/v1/auth/verify-otp", {}, {}, {}};
  http::Route ai_chat_{"POST", "/api/v1/tools/ai/chat", {}, {}, {}};
};

TEST_F(RateLimitMiddlewareTest, AnAnonymousApiRequestCountsAgainstItsAddress) {
  testing::FakeHttpExchange exchange("GET", "/api/v1/workflows?limit=5", "203.0.113.7:5000");
  EXPECT_FALSE(before(exchange, &workflows_).has_value());
  const auto hits = limiter_.hits();
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(hits[0].key, "api:ip:203.0.113.7");
  EXPECT_EQ(hits[0].limit, 1000);
  EXPECT_EQ(hits[0].window, std::chrono::seconds(3600));

  http::Response response;
  middleware().after(exchange.request(), response);
  EXPECT_EQ(header(response, "X-RateLimit-Limit"), "1000");
  EXPECT_EQ(header(response, "X-RateLimit-Remaining"), "1000");
  EXPECT_EQ(header(response, "X-RateLimit-Reset"), "3600");
}

TEST_F(RateLimitMiddlewareTest, ASignedInCallerCountsAgainstTheirAccount) {
  testing::FakeHttpExchange exchange("GET", "/api/v1/workflows", "203.0.113.7:5000");
  exchange.request().setAuthentication(
      std::make_shared<const RequestContext>(std::make_shared<const Caller>(
          "user-1", "ada@example.com", "session-1", std::vector<WorkspaceMembership>{})));
  EXPECT_FALSE(before(exchange, &workflows_).has_value());
  EXPECT_THAT(keys(), ElementsAre("api:user:user-1"));
}

TEST_F(RateLimitMiddlewareTest, BehindATrustedProxyTheForwardedAddressIsCounted) {
  testing::FakeHttpExchange exchange("GET", "/api/v1/workflows", "10.0.0.5:5000");
  exchange.header("X-Forwarded-For", "198.51.100.20");
  before(exchange, &workflows_);
  EXPECT_THAT(keys(), ElementsAre("api:ip:198.51.100.20"));
}

TEST_F(RateLimitMiddlewareTest, OtpRoutesHaveTheirOwnBudgetsAndTheTightestSetsTheHeaders) {
  limiter_.answer("otp_request:", RateLimitDecision{true, 5, 2, 700});
  testing::FakeHttpExchange request_otp("POST", "/api/v1/auth/request-otp", "203.0.113.7:1");
  EXPECT_FALSE(before(request_otp, &request_otp_).has_value());
  EXPECT_THAT(keys(), ElementsAre("otp_request:ip:203.0.113.7", "api:ip:203.0.113.7"));
  EXPECT_THAT(limiter_.hits(), ElementsAre(Field(&testing::FakeRateLimiter::Hit::limit, 5),
                                           Field(&testing::FakeRateLimiter::Hit::limit, 1000)));
  http::Response response;
  middleware().after(request_otp.request(), response);
  EXPECT_EQ(header(response, "X-RateLimit-Limit"), "5");
  EXPECT_EQ(header(response, "X-RateLimit-Remaining"), "2");
  EXPECT_EQ(header(response, "X-RateLimit-Reset"), "700");

  testing::FakeHttpExchange verify_otp("POST", "/api/v1/auth/verify-otp", "203.0.113.7:1");
  before(verify_otp, &verify_otp_);
  EXPECT_EQ(limiter_.hits()[2].key, "otp_verify:ip:203.0.113.7");
  EXPECT_EQ(limiter_.hits()[2].limit, 10);
  EXPECT_EQ(limiter_.hits()[2].window, std::chrono::seconds(600));
}

TEST_F(RateLimitMiddlewareTest, AiToolsHaveABudgetOnTopOfTheApiOne) {
  testing::FakeHttpExchange exchange("POST", "/api/v1/tools/ai/chat", "203.0.113.7:1");
  before(exchange, &ai_chat_);
  EXPECT_THAT(keys(), ElementsAre("ai_tools:ip:203.0.113.7", "api:ip:203.0.113.7"));
  EXPECT_EQ(limiter_.hits()[0].window, std::chrono::seconds(60));
}

TEST_F(RateLimitMiddlewareTest, OverBudgetIs429WithRetryAfter) {
  limiter_.answer("otp_verify:", RateLimitDecision{false, 10, 0, 42});
  testing::FakeHttpExchange exchange("POST", "/api/v1/auth/verify-otp", "203.0.113.7:1");
  auto answer = before(exchange, &verify_otp_);
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->status, 429);
  EXPECT_EQ(answer->body, R"({"detail":"Rate limit exceeded; try again later"})");
  EXPECT_EQ(header(*answer, "Retry-After"), "42");
  middleware().after(exchange.request(), *answer);
  EXPECT_EQ(header(*answer, "X-RateLimit-Limit"), "10");
  EXPECT_EQ(header(*answer, "X-RateLimit-Remaining"), "0");
  EXPECT_EQ(header(*answer, "X-RateLimit-Reset"), "42");
}

TEST_F(RateLimitMiddlewareTest, OnlyApiRequestsAreCountedAndOnlyWhenEnabled) {
  testing::FakeHttpExchange health("GET", "/health", "203.0.113.7:1");
  EXPECT_FALSE(before(health, nullptr).has_value());
  testing::FakeHttpExchange preflight("OPTIONS", "/api/v1/workflows", "203.0.113.7:1");
  EXPECT_FALSE(before(preflight, &workflows_).has_value());
  // A GET to the request-otp path is no OTP request.
  testing::FakeHttpExchange get_otp("GET", "/api/v1/auth/request-otp", "203.0.113.7:1");
  before(get_otp, nullptr);
  EXPECT_THAT(keys(), ElementsAre("api:ip:203.0.113.7"));

  http::Response response;
  middleware().after(health.request(), response);
  EXPECT_EQ(header(response, "X-RateLimit-Limit"), "<absent>");

  settings_.enabled = false;
  middleware_.reset();
  testing::FakeHttpExchange disabled("GET", "/api/v1/workflows", "203.0.113.7:1");
  EXPECT_FALSE(before(disabled, &workflows_).has_value());
  EXPECT_EQ(limiter_.hits().size(), 1U);
}

TEST_F(RateLimitMiddlewareTest, HeadersGoOnlyToTheRequestThatWasCounted) {
  testing::FakeHttpExchange counted("GET", "/api/v1/workflows", "203.0.113.7:1");
  before(counted, &workflows_);
  // A request whose before() never ran (an earlier middleware answered) gets no stale headers.
  testing::FakeHttpExchange other("GET", "/api/v1/workflows", "203.0.113.7:1");
  http::Response response;
  middleware().after(other.request(), response);
  EXPECT_EQ(header(response, "X-RateLimit-Limit"), "<absent>");
  middleware().after(counted.request(), response);
  EXPECT_EQ(header(response, "X-RateLimit-Limit"), "1000");
}

}  // namespace
}  // namespace orchestra::auth
