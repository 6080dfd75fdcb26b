// Login with an emailed code: checks the code, then in one transaction consumes it, creates the
// user and their personal workspace on first login, records the login and opens a session.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "host/auth/ClientInfo.hpp"
#include "host/auth/OtpService.hpp"
#include "host/auth/SessionService.hpp"
#include "host/store/Database.hpp"

namespace orchestra::auth {

struct LoginResult {
  SessionTokens tokens;
  store::UserRow user;
};

class LoginService {
 public:
  LoginService(store::Database& database, OtpService& otp, SessionService& sessions);

  // nullopt when the code is wrong, expired, used, out of guesses, or the account is disabled.
  // `purpose` empty accepts a login or signup code.
  std::optional<LoginResult> loginWithCode(std::string_view email, std::string_view code,
                                           std::string_view purpose, const ClientInfo& client);

 private:
  store::Database& database_;
  OtpService& otp_;
  SessionService& sessions_;
};

}  // namespace orchestra::auth
