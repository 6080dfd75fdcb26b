#include "host/auth/AuthServices.hpp"

#include "host/auth/Crypto.hpp"
#include "host/auth/InMemoryRateLimiter.hpp"
#include "host/auth/JwtSecret.hpp"
#include "host/auth/LogEmailSender.hpp"
#include "host/auth/RedisRateLimiter.hpp"
#include "host/auth/SmtpEmailSender.hpp"
#include "host/observability/Logger.hpp"

namespace orchestra::auth {

AuthServices::AuthServices(const config::Config& config, store::Database& database)
    : config_(config), database_(database) {
  const config::AuthSettings& auth = config.auth;
  const std::string secret = resolveJwtSecret(auth);
  tokens_ = std::make_unique<TokenService>(TokenSettings{
      secret, auth.issuer, auth.audience, std::chrono::seconds(auth.access_token_ttl_seconds),
      std::chrono::seconds(auth.refresh_token_ttl_seconds)});

  if (config.email.provider == "smtp") {
    email_ = std::make_unique<SmtpEmailSender>(config.email.smtp, config.email.from);
  } else {
    email_ = std::make_unique<LogEmailSender>(config.email.outbox_dir, config.email.from);
    observability::logWarning("email",
                              "DEVELOPMENT ONLY: email.provider is log; mail is written to the "
                              "log and the outbox folder, never sent",
                              {{"outbox_dir", config.email.outbox_dir}});
  }
  sessions_ = std::make_unique<SessionService>(
      database, *tokens_, std::chrono::milliseconds(auth.session_cache_ttl_ms));
  // A key of its own for stored codes, so that the token key never signs anything else.
  otp_ = std::make_unique<OtpService>(database, *email_,
                                      OtpSettings{hmacSha256(secret, "orchestra otp code hash v1"),
                                                  auth.otp_ttl_seconds, auth.otp_max_attempts});
  login_ = std::make_unique<LoginService>(database, *otp_, *sessions_);
  accounts_ = std::make_unique<AccountService>(database);
  api_keys_ = std::make_unique<ApiKeyService>(database);

  if (config.redis.url.empty()) {
    limiter_ = std::make_unique<InMemoryRateLimiter>();
  } else {
    limiter_ = std::make_unique<RedisRateLimiter>(config.redis);
    observability::logInfo("ratelimit", "budgets shared through Redis");
  }
  addresses_ = std::make_unique<ClientAddressResolver>(config.server.trusted_proxies);
}

AuthServices::~AuthServices() = default;

}  // namespace orchestra::auth
