// The signing-key rules of start-up: outside development mode a missing, short or example
// secret stops the host with a message naming auth.jwt_secret; development mode only relaxes
// the missing case.
#include "host/auth/JwtSecret.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace orchestra::auth {
namespace {

constexpr const char* kGoodSecret = "a-real-secret-7f3c9e1d5b2a4c6e8f0a1b3c";
constexpr const char* kMissing =
    "auth.jwt_secret: missing; set it (e.g. ORCHESTRA_JWT_SECRET=$(openssl rand -hex 32)) or, "
    "for development only, auth.development_mode: true";
constexpr const char* kPlaceholder =
    "auth.jwt_secret: looks like an example value; generate one with `openssl rand -hex 32`";

config::AuthSettings withSecret(std::string secret, bool development_mode = false) {
  config::AuthSettings settings;
  settings.jwt_secret = std::move(secret);
  settings.development_mode = development_mode;
  return settings;
}

auto refusedWith(const std::string& message) {
  return ::testing::ThrowsMessage<std::runtime_error>(message);
}

TEST(JwtSecret, MissingSecretStopsStartUpOutsideDevelopmentMode) {
  EXPECT_THAT([] { resolveJwtSecret(withSecret("")); }, refusedWith(kMissing));
}

TEST(JwtSecret, ShortSecretIsRefusedSayingTheLength) {
  EXPECT_THAT([] { resolveJwtSecret(withSecret("short")); },
              refusedWith("auth.jwt_secret: must be at least 32 bytes, got 5"));
  const std::string thirty_one = std::string(kGoodSecret).substr(0, 31);
  EXPECT_THAT([&] { resolveJwtSecret(withSecret(thirty_one)); },
              refusedWith("auth.jwt_secret: must be at least 32 bytes, got 31"));
  const std::string thirty_two = std::string(kGoodSecret).substr(0, 32);
  EXPECT_EQ(resolveJwtSecret(withSecret(thirty_two)), thirty_two);
}

TEST(JwtSecret, ExampleValuesAreRefusedWhateverTheirCase) {
  for (const std::string marker : {"change-me", "changeme", "change_me", "example", "your-secret",
                                   "replace-me", "xxxxxxxx", "CHANGE-ME", "Example", "XXXXXXXX"}) {
    const std::string secret = "7f3c9e1d5b2a4c6e-" + marker + "-8f0a1b3c5d7e9f1a";
    EXPECT_THAT([&] { resolveJwtSecret(withSecret(secret)); }, refusedWith(kPlaceholder)) << secret;
  }
  // One character repeated is no secret either.
  EXPECT_THAT([] { resolveJwtSecret(withSecret(std::string(40, 'a'))); },
              refusedWith(kPlaceholder));
  EXPECT_THAT([] { resolveJwtSecret(withSecret(std::string(32, '7'))); },
              refusedWith(kPlaceholder));
}

TEST(JwtSecret, AGoodSecretIsUsedAsGiven) {
  EXPECT_EQ(resolveJwtSecret(withSecret(kGoodSecret)), kGoodSecret);
  EXPECT_EQ(resolveJwtSecret(withSecret(kGoodSecret, true)), kGoodSecret);
}

TEST(JwtSecret, DevelopmentModeGeneratesAPerProcessKeyOnlyWhenNoneIsSet) {
  const std::string first = resolveJwtSecret(withSecret("", true));
  const std::string second = resolveJwtSecret(withSecret("", true));
  EXPECT_EQ(first.size(), kMinimumSecretBytes);
  EXPECT_NE(first, second);
  // A configured but bad secret is a mistake in any mode, never silently replaced.
  EXPECT_THAT([] { resolveJwtSecret(withSecret("short", true)); },
              refusedWith("auth.jwt_secret: must be at least 32 bytes, got 5"));
  EXPECT_THAT([] { resolveJwtSecret(withSecret("change-me-change-me-change-me-1234", true)); },
              refusedWith(kPlaceholder));
}

}  // namespace
}  // namespace orchestra::auth
