// SQL for sessions: one row per login, holding hashes of its current tokens (never the tokens),
// the client's address and user agent; rotated on refresh and revoked on logout or token reuse.
#pragma once

#include <Poco/Data/Session.h>

#include <optional>
#include <string>
#include <string_view>

#include "host/store/Database.hpp"

namespace orchestra::store {

struct SessionRow {
  std::string id;
  std::string user_id;
  std::string token_hash;  // of the current access token
  std::optional<std::string> refresh_token_hash;
  std::string expires_at;  // when the refresh token dies; ISO-8601 UTC
  std::optional<std::string> revoked_at;
  std::optional<std::string> revoked_reason;
};

struct NewSession {
  std::string id;  // chosen by the caller: the tokens carry it
  std::string user_id;
  std::string token_hash;
  std::string refresh_token_hash;
  std::string expires_at;
  std::optional<std::string> ip_address;
  std::optional<std::string> user_agent;
};

class SessionRepository {
 public:
  explicit SessionRepository(Database& database) : database_(database) {}

  void create(Poco::Data::Session& session, const NewSession& row);

  std::optional<SessionRow> findById(std::string_view id);

  // Replaces the token hashes and expiry only if the session is live and its refresh hash is
  // still `expected_refresh_hash` (compare-and-swap): false when another refresh won the race
  // or the session was revoked.
  bool rotate(std::string_view id, std::string_view expected_refresh_hash,
              std::string_view new_token_hash, std::string_view new_refresh_hash,
              std::string_view new_expires_at);

  // Sets revoked_at (once); false when the session was already revoked or does not exist.
  bool revoke(std::string_view id, std::string_view reason);

 private:
  Database& database_;
};

}  // namespace orchestra::store
