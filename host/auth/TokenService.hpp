// Issues and verifies the host's JWTs (HS256): access tokens (15 min) and refresh tokens (7 days)
// with the plan's claims plus iss, aud and the session id. Verification is our own, strict code.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orchestra::auth {

enum class TokenType { Access, Refresh };

std::string_view tokenTypeName(TokenType type) noexcept;

struct TokenClaims {
  std::string user_id;     // sub
  std::string email;       // access tokens only
  std::string session_id;  // sid: the sessions row the token belongs to
  std::string token_id;    // jti
  TokenType type = TokenType::Access;
  std::int64_t issued_at = 0;   // iat, seconds since the epoch
  std::int64_t expires_at = 0;  // exp
};

struct IssuedToken {
  std::string token;
  TokenClaims claims;
};

struct TokenSettings {
  std::string secret;  // HMAC key, at least 32 bytes (checked at start-up)
  std::string issuer;
  std::string audience;
  std::chrono::seconds access_ttl{900};
  std::chrono::seconds refresh_ttl{604800};
};

// Why a token was refused; only logged, never sent to the client (all are a plain 401).
enum class TokenRejection {
  None,
  Oversized,
  Malformed,
  BadHeader,
  WrongAlgorithm,
  BadSignature,
  BadClaims,
  WrongType,
  WrongIssuer,
  WrongAudience,
  Expired,
  NotYetValid,
};

std::string_view tokenRejectionName(TokenRejection rejection) noexcept;

class TokenService {
 public:
  // Anything longer is refused before any parsing or HMAC work.
  static constexpr std::size_t kMaxTokenBytes = 4096;
  // Allowed clock difference between instances for iat/nbf.
  static constexpr std::int64_t kClockSkewSeconds = 30;

  explicit TokenService(TokenSettings settings);

  IssuedToken issue(TokenType type, std::string_view user_id, std::string_view email,
                    std::string_view session_id) const;

  // The claims when `token` is a well-formed HS256 JWT signed with our key, of type `expected`,
  // from our issuer for our audience, and valid now; nullopt otherwise (`why` says which check
  // failed). Never throws.
  std::optional<TokenClaims> verify(std::string_view token, TokenType expected,
                                    TokenRejection* why = nullptr) const noexcept;

  const TokenSettings& settings() const noexcept { return settings_; }

 private:
  std::optional<TokenClaims> verifyOrThrow(std::string_view token, TokenType expected,
                                           TokenRejection& why) const;

  TokenSettings settings_;
};

}  // namespace orchestra::auth
