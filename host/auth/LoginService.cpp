#include "host/auth/LoginService.hpp"

#include "host/observability/Logger.hpp"
#include "host/store/OtpRepository.hpp"
#include "host/store/UserRepository.hpp"
#include "host/store/WorkspaceRepository.hpp"

namespace orchestra::auth {

LoginService::LoginService(store::Database& database, OtpService& otp, SessionService& sessions)
    : database_(database), otp_(otp), sessions_(sessions) {}

std::optional<LoginResult> LoginService::loginWithCode(std::string_view email,
                                                       std::string_view code,
                                                       std::string_view purpose,
                                                       const ClientInfo& client) {
  // A reset code never logs anyone in; an empty purpose means "the code I was sent to log in".
  std::vector<std::string> purposes;
  if (purpose.empty()) {
    purposes = {"login", "signup"};
  } else if (purpose == "login" || purpose == "signup") {
    purposes = {std::string(purpose)};
  } else {
    return std::nullopt;
  }
  const auto code_id = otp_.check(email, code, purposes);
  if (!code_id) return std::nullopt;

  store::OtpRepository codes(database_);
  store::UserRepository users(database_);
  store::WorkspaceRepository workspaces(database_);
  const std::string address = normalizeEmail(email);
  return database_.withTransaction([&](Poco::Data::Session& session) -> std::optional<LoginResult> {
    // Two requests with the same right code: only one consumes it.
    if (!codes.markUsed(session, *code_id)) return std::nullopt;
    auto user = users.findByEmail(session, address);
    if (!user) {
      store::NewUser fresh;
      fresh.email = address;
      fresh.is_verified = true;
      user = users.create(session, fresh);
      workspaces.createPersonalWorkspace(session, *user);
      observability::logInfo("auth", "user created", {{"user_id", user->id}});
    }
    if (!user->is_active) return std::nullopt;
    users.markLogin(session, user->id);
    SessionTokens tokens = sessions_.open(session, *user, client);
    user = users.findById(session, user->id);
    return LoginResult{std::move(tokens), std::move(*user)};
  });
}

}  // namespace orchestra::auth
