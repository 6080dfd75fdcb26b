// Decides the token signing key at start-up: a configured secret must be at least 32 bytes and
// not a placeholder; without one the host refuses to start, except in explicit development
// mode, where a random per-process key is used (tokens then die with the process).
#pragma once

#include <string>

#include "host/config/Config.hpp"

namespace orchestra::auth {

inline constexpr std::size_t kMinimumSecretBytes = 32;

// The key to sign with; throws std::runtime_error naming auth.jwt_secret when it is refused.
// Logs a loud warning when it had to generate one.
std::string resolveJwtSecret(const config::AuthSettings& settings);

}  // namespace orchestra::auth
