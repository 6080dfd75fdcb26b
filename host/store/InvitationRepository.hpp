// SQL for invitations: one row per pending invitation of an email address to a workspace. The
// token column holds the SHA-256 of the emailed token, never the token itself.
#pragma once

#include <Poco/Data/Session.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/store/Database.hpp"

namespace orchestra::store {

struct InvitationRow {
  std::string id;
  std::string workspace_id;
  std::string workspace_name;
  std::string email;  // normalized
  std::string role;
  std::string invited_by;
  std::string expires_at;
  std::optional<std::string> accepted_at;
  std::string created_at;
};

class InvitationRepository {
 public:
  explicit InvitationRepository(Database& database) : database_(database) {}

  // Not accepted and not expired at `now`.
  std::optional<InvitationRow> findPending(Poco::Data::Session& session,
                                           const std::string& workspace_id,
                                           const std::string& email, const std::string& now);
  std::optional<InvitationRow> find(Poco::Data::Session& session, std::string_view id);
  std::optional<InvitationRow> findByTokenHash(Poco::Data::Session& session,
                                               const std::string& token_hash);
  std::vector<InvitationRow> pendingForEmail(const std::string& email, const std::string& now);
  std::vector<InvitationRow> pendingInWorkspace(const std::string& workspace_id,
                                                const std::string& now);

  std::string insert(Poco::Data::Session& session, const InvitationRow& row,
                     const std::string& token_hash);
  // A new token, role, inviter and expiry for a pending invitation (merge or resend).
  void renew(Poco::Data::Session& session, const InvitationRow& row, const std::string& token_hash);
  // False when it was accepted meanwhile: a token works once.
  bool markAccepted(Poco::Data::Session& session, const std::string& id);
  bool remove(Poco::Data::Session& session, const std::string& id);

 private:
  std::vector<InvitationRow> select(Poco::Data::Session& session, const std::string& where,
                                    std::vector<std::string> parameters);

  Database& database_;
};

}  // namespace orchestra::store
