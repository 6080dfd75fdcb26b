// AuthServices: one host's authentication built from the configuration; what start-up refuses
// (a bad secret, a malformed trusted proxy) and which limiter it picks without Redis.
#include "host/auth/AuthServices.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "host/auth/InMemoryRateLimiter.hpp"
#include "tests/unit/auth/AuthServiceTestSupport.hpp"

namespace orchestra::auth {
namespace {

class AuthServicesTest : public AuthServiceTest {
 protected:
  AuthServicesTest() {
    config_.auth.jwt_secret = unitTestTokenSettings().secret;
    config_.auth.otp_ttl_seconds = 120;
    config_.rate_limits.api_limit = 77;
  }
  config::Config config_;
};

TEST_F(AuthServicesTest, BuildsEveryServiceFromTheConfiguration) {
  AuthServices services(config_, database_);
  EXPECT_EQ(services.tokens().settings().secret, config_.auth.jwt_secret);
  EXPECT_EQ(services.tokens().settings().issuer, "orchestra");
  EXPECT_EQ(services.otp().ttlSeconds(), 120);
  EXPECT_EQ(services.rateLimitSettings().api_limit, 77);
  // Without redis.url budgets live in this process.
  EXPECT_NE(dynamic_cast<InMemoryRateLimiter*>(&services.limiter()), nullptr);
}

TEST_F(AuthServicesTest, ARefusedSecretStopsStartUp) {
  config_.auth.jwt_secret = "short";
  EXPECT_THAT([&] { AuthServices(config_, database_); },
              ::testing::ThrowsMessage<std::runtime_error>(
                  "auth.jwt_secret: must be at least 32 bytes, got 5"));
}

TEST_F(AuthServicesTest, AMalformedTrustedProxyStopsStartUp) {
  config_.server.trusted_proxies = {"10.0.0.0/8", "10.0.0.0/40"};
  EXPECT_THAT([&] { AuthServices(config_, database_); },
              ::testing::ThrowsMessage<std::invalid_argument>(
                  "server.trusted_proxies: bad prefix length: 10.0.0.0/40"));
}

}  // namespace
}  // namespace orchestra::auth
