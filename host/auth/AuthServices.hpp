// Everything authentication consists of in one running host, built from the configuration by
// AuthSubsystem and used by AuthApi and the HTTP middlewares.
#pragma once

#include <memory>
#include <vector>

#include "host/auth/AccountService.hpp"
#include "host/auth/ApiKeyService.hpp"
#include "host/auth/ClientAddress.hpp"
#include "host/auth/EmailSender.hpp"
#include "host/auth/LoginService.hpp"
#include "host/auth/OtpService.hpp"
#include "host/auth/RateLimiter.hpp"
#include "host/auth/SessionService.hpp"
#include "host/auth/TokenService.hpp"
#include "host/config/Config.hpp"
#include "host/store/Database.hpp"

namespace orchestra::auth {

class AuthServices {
 public:
  // Throws (control plane) when the secret is refused, redis.url is unreachable or
  // server.trusted_proxies is malformed.
  AuthServices(const config::Config& config, store::Database& database);
  ~AuthServices();

  TokenService& tokens() { return *tokens_; }
  SessionService& sessions() { return *sessions_; }
  OtpService& otp() { return *otp_; }
  LoginService& login() { return *login_; }
  AccountService& accounts() { return *accounts_; }
  ApiKeyService& apiKeys() { return *api_keys_; }
  // The configured mail provider (OTP codes, invitations).
  EmailSender& email() { return *email_; }
  RateLimiter& limiter() { return *limiter_; }
  const ClientAddressResolver& addresses() const { return *addresses_; }
  const config::RateLimitSettings& rateLimitSettings() const { return config_.rate_limits; }

 private:
  const config::Config& config_;
  store::Database& database_;
  std::unique_ptr<TokenService> tokens_;
  std::unique_ptr<EmailSender> email_;
  std::unique_ptr<SessionService> sessions_;
  std::unique_ptr<OtpService> otp_;
  std::unique_ptr<LoginService> login_;
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<ApiKeyService> api_keys_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<ClientAddressResolver> addresses_;
};

}  // namespace orchestra::auth
