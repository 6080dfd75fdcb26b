#include "host/auth/JwtSecret.hpp"

#include <Poco/String.h>

#include <array>
#include <stdexcept>
#include <string_view>

#include "host/auth/Crypto.hpp"
#include "host/observability/Logger.hpp"

namespace orchestra::auth {

namespace {

// Texts that example configs and tutorials put where a secret belongs.
bool looksLikePlaceholder(const std::string& secret) {
  const std::string lower = Poco::toLower(secret);
  constexpr std::array<std::string_view, 7> kMarkers = {
      "change-me", "changeme", "change_me", "example", "your-secret", "replace-me", "xxxxxxxx"};
  for (const auto marker : kMarkers) {
    if (lower.find(marker) != std::string::npos) return true;
  }
  // One repeated character is no secret either.
  return secret.find_first_not_of(secret.front()) == std::string::npos;
}

}  // namespace

std::string resolveJwtSecret(const config::AuthSettings& settings) {
  const std::string& secret = settings.jwt_secret;
  if (secret.empty()) {
    if (!settings.development_mode) {
      throw std::runtime_error(
          "auth.jwt_secret: missing; set it (e.g. ORCHESTRA_JWT_SECRET=$(openssl rand -hex 32)) "
          "or, for development only, auth.development_mode: true");
    }
    observability::logWarning(
        "auth",
        "DEVELOPMENT MODE: auth.jwt_secret is not set; using a random per-process secret. Tokens "
        "stop working on restart and cannot be shared between instances. Never run production "
        "like this.");
    return randomBytes(kMinimumSecretBytes);
  }
  if (secret.size() < kMinimumSecretBytes) {
    throw std::runtime_error("auth.jwt_secret: must be at least " +
                             std::to_string(kMinimumSecretBytes) + " bytes, got " +
                             std::to_string(secret.size()));
  }
  if (looksLikePlaceholder(secret)) {
    throw std::runtime_error(
        "auth.jwt_secret: looks like an example value; generate one with `openssl rand -hex 32`");
  }
  if (settings.development_mode) {
    observability::logWarning("auth", "DEVELOPMENT MODE is on (auth.development_mode)");
  }
  return secret;
}

}  // namespace orchestra::auth
