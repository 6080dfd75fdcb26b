// AuthMiddleware: the bearer token's parsing, the one 401 every failure gets, and which routes
// need a token (a bad token on a public route is ignored); sessions are real, on SQLite.
#include "host/auth/http/AuthMiddleware.hpp"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "host/auth/http/RateLimitMiddleware.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "tests/mocks/FakeHttpServerRequest.hpp"
#include "tests/unit/auth/AuthServiceTestSupport.hpp"

namespace orchestra::auth {
namespace {

std::string bearerOf(const std::string& authorization) {
  testing::FakeHttpExchange exchange("GET", "/api/v1/workflows");
  exchange.header("Authorization", authorization);
  return std::string(bearerToken(exchange.request()));
}

TEST(AuthMiddlewareBearerToken, TakesTheTokenOfABearerHeaderOnly) {
  EXPECT_EQ(bearerOf("Bearer abc.def.ghi"), "abc.def.ghi");
  EXPECT_EQ(bearerOf("bearer abc"), "abc");
  EXPECT_EQ(bearerOf("BEARER abc"), "abc");
  EXPECT_EQ(bearerOf("Bearer    abc   "), "abc");
  EXPECT_EQ(bearerOf("Bearer "), "");
  EXPECT_EQ(bearerOf("Bearer     "), "");
  EXPECT_EQ(bearerOf("Bearer"), "");
  EXPECT_EQ(bearerOf("Bearerabc"), "");
  EXPECT_EQ(bearerOf("Basic YWRhOnNlY3JldA=="), "");
  EXPECT_EQ(bearerOf(""), "");
  testing::FakeHttpExchange without("GET", "/api/v1/workflows");
  EXPECT_EQ(bearerToken(without.request()), "");
}

TEST(AuthMiddlewareNotAuthenticated, IsOne401WithAChallenge) {
  const http::Response response = notAuthenticated();
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.body, R"({"detail":"Not authenticated"})");
  ASSERT_NE(response.findHeader("WWW-Authenticate"), nullptr);
  EXPECT_EQ(*response.findHeader("WWW-Authenticate"), "Bearer");
}

class AuthMiddlewareTest : public AuthServiceTest {
 protected:
  AuthMiddlewareTest() {
    private_route_.doc.requires_auth = true;
    const store::UserRow ada = createUser("ada@example.com");
    token_ = database_.withTransaction([&](Poco::Data::Session& session) {
      return sessions_.open(session, ada, {}).access.token;
    });
  }

  // Runs the middleware on a request with `authorization` (none when empty) against `route`.
  std::optional<http::Response> run(testing::FakeHttpExchange& exchange, const http::Route* route,
                                    const std::string& authorization) {
    if (!authorization.empty()) exchange.header("Authorization", authorization);
    http::RouteMatch match;
    match.kind =
        route != nullptr ? http::RouteMatch::Kind::kFound : http::RouteMatch::Kind::kNotFound;
    match.route = route;
    return middleware_.before(exchange.request(), match);
  }

  SessionService sessions_{database_, tokens_, std::chrono::milliseconds(0)};
  ApiKeyService api_keys_{database_};
  AuthMiddleware middleware_{sessions_, api_keys_};
  http::Route private_route_{"GET", "/api/v1/workflows", {}, {}, {}};
  http::Route public_route_{"GET", "/api/v1/node-types", {}, {}, {}};
  std::string token_;
};

TEST_F(AuthMiddlewareTest, APrivateRouteNeedsAValidToken) {
  for (const std::string authorization : {"", "Bearer ", "Bearer not.a.token", "Basic abc"}) {
    testing::FakeHttpExchange exchange("GET", "/api/v1/workflows");
    const auto answer = run(exchange, &private_route_, authorization);
    ASSERT_TRUE(answer.has_value()) << authorization;
    EXPECT_EQ(answer->status, 401);
    EXPECT_EQ(answer->body, notAuthenticated().body);
    EXPECT_EQ(authenticatedCaller(exchange.request()), nullptr);
  }
  testing::FakeHttpExchange exchange("GET", "/api/v1/workflows");
  EXPECT_FALSE(run(exchange, &private_route_, "Bearer " + token_).has_value());
  ASSERT_NE(authenticatedCaller(exchange.request()), nullptr);
  EXPECT_EQ(authenticatedCaller(exchange.request())->email(), "ada@example.com");
}

TEST_F(AuthMiddlewareTest, APublicRouteIgnoresABadTokenButTakesAGoodOne) {
  testing::FakeHttpExchange none("GET", "/api/v1/node-types");
  EXPECT_FALSE(run(none, &public_route_, "").has_value());
  testing::FakeHttpExchange bad("GET", "/api/v1/node-types");
  EXPECT_FALSE(run(bad, &public_route_, "Bearer not.a.token").has_value());
  EXPECT_EQ(authenticatedCaller(bad.request()), nullptr);
  testing::FakeHttpExchange good("GET", "/api/v1/node-types");
  EXPECT_FALSE(run(good, &public_route_, "bearer " + token_).has_value());
  EXPECT_NE(authenticatedCaller(good.request()), nullptr);
  // No route at all: the router's 404 answers, not a 401 that would confirm nothing exists.
  testing::FakeHttpExchange unknown("GET", "/api/v1/nothing");
  EXPECT_FALSE(run(unknown, nullptr, "Bearer not.a.token").has_value());
}

TEST_F(AuthMiddlewareTest, AnApiKeyIsAnEditorOfItsWorkspaceOnRoutesThatAcceptKeysOnly) {
  const auto owner = sessions_.authenticate(token_);
  ASSERT_NE(owner, nullptr);
  const std::string workspace_id = owner->memberships().at(0).workspace_id;
  const CreatedApiKey key = api_keys_.create(*owner, workspace_id, "ci", std::nullopt);
  http::Route key_route{"POST", "/api/v1/mcp", {}, {}, {}};
  key_route.doc.requires_auth = true;
  key_route.doc.accepts_api_keys = true;

  testing::FakeHttpExchange accepted("POST", "/api/v1/mcp");
  EXPECT_FALSE(run(accepted, &key_route, "Bearer " + key.secret).has_value());
  const Caller* caller = authenticatedCaller(accepted.request());
  ASSERT_NE(caller, nullptr);
  EXPECT_EQ(caller->userId(), owner->userId());
  ASSERT_EQ(caller->memberships().size(), 1U);
  EXPECT_EQ(caller->memberships()[0].workspace_id, workspace_id);
  EXPECT_EQ(caller->memberships()[0].role, "editor");
  EXPECT_EQ(caller->sessionId(), "api-key:" + key.row.id);

  // Elsewhere the key is no token; on its route a wrong or revoked key is refused alike.
  testing::FakeHttpExchange elsewhere("GET", "/api/v1/workflows");
  ASSERT_TRUE(run(elsewhere, &private_route_, "Bearer " + key.secret).has_value());
  testing::FakeHttpExchange wrong("POST", "/api/v1/mcp");
  ASSERT_TRUE(run(wrong, &key_route, "Bearer " + key.secret + "x").has_value());
  api_keys_.revoke(*owner, workspace_id, key.row.id);
  testing::FakeHttpExchange revoked("POST", "/api/v1/mcp");
  const auto answer = run(revoked, &key_route, "Bearer " + key.secret);
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->status, 401);
}

TEST_F(AuthMiddlewareTest, TheKeyOfADisabledCreatorIsRefused) {
  const auto owner = sessions_.authenticate(token_);
  ASSERT_NE(owner, nullptr);
  const CreatedApiKey key =
      api_keys_.create(*owner, owner->memberships().at(0).workspace_id, "ci", std::nullopt);
  EXPECT_NE(api_keys_.authenticate(key.secret), nullptr);
  disableUser(owner->userId());
  EXPECT_EQ(api_keys_.authenticate(key.secret), nullptr);
}

TEST_F(AuthMiddlewareTest, ARevokedSessionIsRefused) {
  sessions_.revoke(tokens_.verify(token_, TokenType::Access)->session_id, "logout");
  testing::FakeHttpExchange exchange("GET", "/api/v1/workflows");
  const auto answer = run(exchange, &private_route_, "Bearer " + token_);
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->status, 401);
}

TEST_F(AuthMiddlewareTest, AuthenticationRunsBeforeRateLimits) {
  config::Config config;
  config.auth.jwt_secret = unitTestTokenSettings().secret;
  AuthServices services(config, database_);
  const auto middlewares = makeAuthMiddlewares(services);
  // Per-user budgets need the caller, so the order matters.
  ASSERT_EQ(middlewares.size(), 2U);
  EXPECT_NE(dynamic_cast<AuthMiddleware*>(middlewares[0].get()), nullptr);
  EXPECT_NE(dynamic_cast<RateLimitMiddleware*>(middlewares[1].get()), nullptr);
}

}  // namespace
}  // namespace orchestra::auth
