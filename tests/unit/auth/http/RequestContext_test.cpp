// The caller attached to an HTTP request: absent on public routes, a fail-closed 401 with
// WWW-Authenticate for handlers that require it, and the client address behind proxies.
#include "host/auth/http/RequestContext.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "host/errors/ApiError.hpp"
#include "tests/mocks/FakeHttpServerRequest.hpp"

namespace orchestra::auth {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::Property;
using ::testing::Throws;

std::shared_ptr<const RequestContext> contextFor(const std::string& user_id) {
  return std::make_shared<const RequestContext>(std::make_shared<const Caller>(
      user_id, "ada@example.com", "session-1", std::vector<WorkspaceMembership>{}));
}

// Some other middleware's idea of authentication: not ours, so not a caller.
class ForeignAuthentication final : public http::RequestAuthentication {};

TEST(RequestContext, NoContextMeansNoCaller) {
  testing::FakeHttpExchange exchange("GET", "/api/v1/workflows");
  EXPECT_EQ(authenticatedCaller(exchange.request()), nullptr);
  exchange.request().setAuthentication(std::make_shared<const ForeignAuthentication>());
  EXPECT_EQ(authenticatedCaller(exchange.request()), nullptr);
}

TEST(RequestContext, TheStoredCallerIsFound) {
  testing::FakeHttpExchange exchange("GET", "/api/v1/workflows");
  exchange.request().setAuthentication(contextFor("user-1"));
  const Caller* caller = authenticatedCaller(exchange.request());
  ASSERT_NE(caller, nullptr);
  EXPECT_EQ(caller->userId(), "user-1");
  EXPECT_EQ(&requireCaller(exchange.request()), caller);
}

TEST(RequestContext, RequireCallerFailsClosedWith401) {
  testing::FakeHttpExchange exchange("GET", "/api/v1/workflows");
  EXPECT_THAT(
      [&] { requireCaller(exchange.request()); },
      Throws<errors::ApiError>(AllOf(
          Property(&errors::ApiError::status, 401),
          Property(&errors::ApiError::detail, "Not authenticated"),
          Property(&errors::ApiError::headers, ElementsAre(Pair("WWW-Authenticate", "Bearer"))))));
}

TEST(RequestContext, ClientIpAddressBelievesForwardedForOnlyFromTrustedProxies) {
  const ClientAddressResolver addresses({"10.0.0.0/8"});
  testing::FakeHttpExchange proxied("GET", "/api/v1/workflows", "10.0.0.5:40000");
  proxied.header("X-Forwarded-For", "198.51.100.1, 203.0.113.7");
  EXPECT_EQ(clientIpAddress(proxied.request(), addresses), "203.0.113.7");
  testing::FakeHttpExchange direct("GET", "/api/v1/workflows", "203.0.113.9:40000");
  direct.header("X-Forwarded-For", "198.51.100.1");
  EXPECT_EQ(clientIpAddress(direct.request(), addresses), "203.0.113.9");
  testing::FakeHttpExchange ipv6("GET", "/api/v1/workflows", "[2001:db8::7]:40000");
  EXPECT_EQ(clientIpAddress(ipv6.request(), addresses), "2001:db8::7");
}

}  // namespace
}  // namespace orchestra::auth
