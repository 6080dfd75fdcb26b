// Sessions behind the tokens: a login opens one (a row plus an access/refresh pair), refresh
// rotates its refresh token, a rotated token presented again revokes the whole session (theft
// detection), logout revokes it, and every authenticated request checks it (through a cache).
#pragma once

#include <Poco/Data/Session.h>

#include <memory>
#include <string>
#include <string_view>

#include "host/auth/Caller.hpp"
#include "host/auth/ClientInfo.hpp"
#include "host/auth/SessionCache.hpp"
#include "host/auth/TokenService.hpp"
#include "host/store/Database.hpp"
#include "host/store/SessionRepository.hpp"
#include "host/store/UserRepository.hpp"
#include "host/store/WorkspaceRepository.hpp"

namespace orchestra::auth {

struct SessionTokens {
  IssuedToken access;
  IssuedToken refresh;
};

// Why refresh() refused; all are a 401 for the client.
enum class RefreshRefusal { None, InvalidToken, SessionGone, ReuseDetected };

class SessionService {
 public:
  SessionService(store::Database& database, const TokenService& tokens,
                 std::chrono::milliseconds cache_ttl);

  // Opens a session for `user` inside the caller's transaction (the login's).
  SessionTokens open(Poco::Data::Session& session, const store::UserRow& user,
                     const ClientInfo& client);

  // A new token pair for a valid, current refresh token; nullopt (with the reason) otherwise.
  // A refresh token of this session that is no longer the current one revokes the session.
  std::optional<SessionTokens> refresh(std::string_view refresh_token, RefreshRefusal* why);

  void revoke(std::string_view session_id, std::string_view reason);

  // A workspace role of `user_id` was granted, changed or taken away: this instance's next
  // request of theirs reads memberships afresh (other instances within auth.session_cache_ttl_ms).
  void forgetMemberships(std::string_view user_id) { cache_.eraseUser(user_id); }

  // The caller behind a valid access token of a live session, or null. Cheap when cached.
  std::shared_ptr<const Caller> authenticate(std::string_view access_token);

 private:
  std::shared_ptr<const Caller> loadContext(const TokenClaims& claims);

  store::Database& database_;
  const TokenService& tokens_;
  store::SessionRepository sessions_;
  store::UserRepository users_;
  store::WorkspaceRepository workspaces_;
  SessionCache cache_;
};

// The hash stored for a token: tokens are long random-looking strings, so plain SHA-256 hex.
std::string tokenHash(std::string_view token);

}  // namespace orchestra::auth
