#include "host/auth/SessionService.hpp"

#include "host/auth/Crypto.hpp"
#include "host/observability/Logger.hpp"
#include "host/store/SqlValues.hpp"
#include "host/store/Timestamp.hpp"
#include "host/text/Sha256.hpp"

namespace orchestra::auth {

namespace {
constexpr std::size_t kSessionCacheEntries = 10000;
}

std::string tokenHash(std::string_view token) {
  return text::sha256Hex(token);
}

SessionService::SessionService(store::Database& database, const TokenService& tokens,
                               std::chrono::milliseconds cache_ttl)
    : database_(database),
      tokens_(tokens),
      sessions_(database),
      users_(database),
      workspaces_(database),
      cache_(cache_ttl, kSessionCacheEntries) {}

SessionTokens SessionService::open(Poco::Data::Session& session, const store::UserRow& user,
                                   const ClientInfo& client) {
  const std::string session_id = store::newUuid();
  SessionTokens tokens{tokens_.issue(TokenType::Access, user.id, user.email, session_id),
                       tokens_.issue(TokenType::Refresh, user.id, user.email, session_id)};
  store::NewSession row;
  row.id = session_id;
  row.user_id = user.id;
  row.token_hash = tokenHash(tokens.access.token);
  row.refresh_token_hash = tokenHash(tokens.refresh.token);
  row.expires_at = store::utcTimestampFromNow(tokens_.settings().refresh_ttl.count());
  row.ip_address = client.ip_address;
  row.user_agent = client.user_agent;
  sessions_.create(session, row);
  return tokens;
}

std::optional<SessionTokens> SessionService::refresh(std::string_view refresh_token,
                                                     RefreshRefusal* why) {
  auto refuse = [&](RefreshRefusal reason) -> std::optional<SessionTokens> {
    if (why != nullptr) *why = reason;
    return std::nullopt;
  };
  const auto claims = tokens_.verify(refresh_token, TokenType::Refresh);
  if (!claims) return refuse(RefreshRefusal::InvalidToken);
  const auto row = sessions_.findById(claims->session_id);
  if (!row || row->user_id != claims->user_id || row->revoked_at ||
      row->expires_at <= store::utcNowTimestamp()) {
    return refuse(RefreshRefusal::SessionGone);
  }
  const std::string presented_hash = tokenHash(refresh_token);
  if (!row->refresh_token_hash || !constantTimeEquals(*row->refresh_token_hash, presented_hash)) {
    // Only we can sign a refresh token for this session, so a valid one that is not the current
    // one was rotated away: whoever holds it copied it. Kill the session for both holders.
    revoke(row->id, "refresh_token_reuse");
    observability::logWarning("auth", "refresh token reuse; session revoked",
                              {{"session_id", row->id}, {"user_id", row->user_id}});
    return refuse(RefreshRefusal::ReuseDetected);
  }
  const auto user = users_.findById(row->user_id);
  if (!user || !user->is_active) return refuse(RefreshRefusal::SessionGone);
  SessionTokens tokens{tokens_.issue(TokenType::Access, user->id, user->email, row->id),
                       tokens_.issue(TokenType::Refresh, user->id, user->email, row->id)};
  const bool rotated = sessions_.rotate(
      row->id, presented_hash, tokenHash(tokens.access.token), tokenHash(tokens.refresh.token),
      store::utcTimestampFromNow(tokens_.settings().refresh_ttl.count()));
  if (!rotated) {
    // Another request rotated the same token a moment ago: the same token used twice.
    revoke(row->id, "refresh_token_reuse");
    return refuse(RefreshRefusal::ReuseDetected);
  }
  if (why != nullptr) *why = RefreshRefusal::None;
  return tokens;
}

void SessionService::revoke(std::string_view session_id, std::string_view reason) {
  cache_.erase(session_id);
  sessions_.revoke(session_id, reason);
}

std::shared_ptr<const Caller> SessionService::authenticate(std::string_view access_token) {
  TokenRejection why = TokenRejection::None;
  const auto claims = tokens_.verify(access_token, TokenType::Access, &why);
  if (!claims) {
    observability::logDebug("auth", "access token refused", {{"reason", tokenRejectionName(why)}});
    return nullptr;
  }
  if (auto cached = cache_.find(claims->session_id)) {
    return cached->userId() == claims->user_id ? cached : nullptr;
  }
  auto context = loadContext(*claims);
  if (context) cache_.put(claims->session_id, context);
  return context;
}

std::shared_ptr<const Caller> SessionService::loadContext(const TokenClaims& claims) {
  const auto row = sessions_.findById(claims.session_id);
  if (!row || row->revoked_at || row->user_id != claims.user_id ||
      row->expires_at <= store::utcNowTimestamp()) {
    return nullptr;
  }
  const auto user = users_.findById(claims.user_id);
  if (!user || !user->is_active) return nullptr;
  std::vector<WorkspaceMembership> memberships;
  for (auto& membership : workspaces_.membershipsOf(user->id))
    memberships.push_back({std::move(membership.workspace_id), std::move(membership.role)});
  return std::make_shared<const Caller>(user->id, user->email, row->id, std::move(memberships));
}

}  // namespace orchestra::auth
