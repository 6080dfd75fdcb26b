// TokenService without a host: round trips, type separation, and refusal of another key or
// issuer (the primitives are in Crypto_test, the start-up secret rules in JwtSecret_test).
#include "host/auth/TokenService.hpp"

#include <gtest/gtest.h>

namespace orchestra::auth {
namespace {

constexpr const char* kUser = "11111111-2222-4333-8444-555555555555";
constexpr const char* kSession = "66666666-7777-4888-9999-aaaaaaaaaaaa";

TokenService service(std::string secret = "unit-test-secret-0123456789abcdef0123") {
  return TokenService(TokenSettings{std::move(secret), "orchestra", "orchestra-api",
                                    std::chrono::seconds(900), std::chrono::seconds(604800)});
}

TEST(TokenService, IssuedTokensVerifyOnlyAsTheirOwnType) {
  const TokenService tokens = service();
  const IssuedToken access = tokens.issue(TokenType::Access, kUser, "a@b.io", kSession);
  const IssuedToken refresh = tokens.issue(TokenType::Refresh, kUser, "a@b.io", kSession);
  const auto claims = tokens.verify(access.token, TokenType::Access);
  ASSERT_TRUE(claims.has_value());
  EXPECT_EQ(claims->user_id, kUser);
  EXPECT_EQ(claims->session_id, kSession);
  EXPECT_EQ(claims->email, "a@b.io");
  EXPECT_EQ(claims->expires_at - claims->issued_at, 900);
  EXPECT_TRUE(tokens.verify(refresh.token, TokenType::Refresh).has_value());
  TokenRejection why = TokenRejection::None;
  EXPECT_FALSE(tokens.verify(refresh.token, TokenType::Access, &why).has_value());
  EXPECT_EQ(why, TokenRejection::WrongType);
  EXPECT_FALSE(tokens.verify(access.token, TokenType::Refresh).has_value());
}

TEST(TokenService, AnotherKeyOrIssuerIsRefused) {
  const IssuedToken access = service().issue(TokenType::Access, kUser, "a@b.io", kSession);
  TokenRejection why = TokenRejection::None;
  EXPECT_FALSE(service("another-secret-0123456789abcdef0123456")
                   .verify(access.token, TokenType::Access, &why)
                   .has_value());
  EXPECT_EQ(why, TokenRejection::BadSignature);
  const TokenService other_issuer(TokenSettings{"unit-test-secret-0123456789abcdef0123", "x",
                                                "orchestra-api", std::chrono::seconds(900),
                                                std::chrono::seconds(900)});
  EXPECT_FALSE(other_issuer.verify(access.token, TokenType::Access, &why).has_value());
  EXPECT_EQ(why, TokenRejection::WrongIssuer);
}

}  // namespace
}  // namespace orchestra::auth
