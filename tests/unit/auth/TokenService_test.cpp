// TokenService and the primitives under it, without a host: round trips, type separation,
// strict base64url, and the secret rules of start-up.
#include "host/auth/TokenService.hpp"

#include <gtest/gtest.h>

#include "host/auth/Crypto.hpp"
#include "host/auth/JwtSecret.hpp"

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

TEST(Crypto, Base64UrlIsStrict) {
  for (const std::string text : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    EXPECT_EQ(base64UrlDecode(base64UrlEncode(text)), text);
  }
  EXPECT_FALSE(base64UrlDecode("Zm9v=").has_value());  // padding
  EXPECT_FALSE(base64UrlDecode("Zm+v").has_value());   // standard alphabet
  EXPECT_FALSE(base64UrlDecode("Zh").has_value());     // non-zero leftover bits
  EXPECT_FALSE(base64UrlDecode("Z").has_value());      // impossible length
}

TEST(Crypto, ConstantTimeEqualsComparesLengthAndContent) {
  EXPECT_TRUE(constantTimeEquals("abc", "abc"));
  EXPECT_FALSE(constantTimeEquals("abc", "abd"));
  EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
}

TEST(JwtSecret, RulesOutsideAndInsideDevelopmentMode) {
  config::AuthSettings settings;
  EXPECT_THROW(resolveJwtSecret(settings), std::runtime_error);
  settings.jwt_secret = "short";
  EXPECT_THROW(resolveJwtSecret(settings), std::runtime_error);
  settings.jwt_secret = "changeme-changeme-changeme-changeme-1";
  EXPECT_THROW(resolveJwtSecret(settings), std::runtime_error);
  settings.jwt_secret = std::string(40, 'a');
  EXPECT_THROW(resolveJwtSecret(settings), std::runtime_error);
  settings.jwt_secret = "a-real-secret-7f3c9e1d5b2a4c6e8f0a1b3c";
  EXPECT_EQ(resolveJwtSecret(settings), settings.jwt_secret);
  settings.jwt_secret.clear();
  settings.development_mode = true;
  EXPECT_EQ(resolveJwtSecret(settings).size(), kMinimumSecretBytes);
}

}  // namespace
}  // namespace orchestra::auth
