// Invitations by email: an administrator invites an address with a role (never above their
// own), the mail carries a one-time link to the studio, and the signed-in user with that address
// accepts it within its lifetime. A second invitation of a pending address renews the first.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "host/auth/Caller.hpp"
#include "host/auth/ClientInfo.hpp"
#include "host/auth/EmailSender.hpp"
#include "host/bus/EventBus.hpp"
#include "host/store/ActivityRepository.hpp"
#include "host/store/InvitationRepository.hpp"
#include "host/store/UserRepository.hpp"
#include "host/store/WorkspaceRepository.hpp"
#include "host/text/JsonDocument.hpp"

namespace orchestra::workspaces {

struct InvitationSettings {
  std::string studio_url;  // the accept link is <studio_url>/invitations/accept?token=...
  std::chrono::hours ttl{168};
};

// An invitation written or renewed; `merged` when it renewed a pending one.
struct InvitationResult {
  store::InvitationRow invitation;
  bool merged = false;
};

class InvitationService {
 public:
  using MembershipsChanged = std::function<void(const std::string& user_id)>;

  InvitationService(store::Database& database, auth::EmailSender& email, bus::EventBus* events,
                    InvitationSettings settings, MembershipsChanged memberships_changed);

  // `body` has email and role (checked by the route's schema). Mail failures are a 503 after
  // the invitation is saved (resend it later).
  InvitationResult invite(const auth::Caller& caller, const auth::ClientInfo& client,
                          std::string_view workspace_id, text::JsonView body);
  std::vector<store::InvitationRow> pendingIn(const auth::Caller& caller,
                                              std::string_view workspace_id);
  // A new token and lifetime, mailed again; the old link stops working.
  store::InvitationRow resend(const auth::Caller& caller, const auth::ClientInfo& client,
                              std::string_view workspace_id, std::string_view invitation_id);
  void revoke(const auth::Caller& caller, const auth::ClientInfo& client,
              std::string_view workspace_id, std::string_view invitation_id);

  // Those addressed to the caller's email, pending.
  std::vector<store::InvitationRow> mine(const auth::Caller& caller);
  // 404 unknown or revoked, 409 already used or already a member, 410 expired, 403 addressed to
  // another email. Returns the invitation (now accepted).
  store::InvitationRow accept(const auth::Caller& caller, const auth::ClientInfo& client,
                              std::string_view token);

 private:
  store::InvitationRow pendingInvitation(const auth::Caller& caller, std::string_view workspace_id,
                                         std::string_view invitation_id);
  void mail(const store::InvitationRow& invitation, const std::string& token,
            const auth::Caller& inviter);

  store::Database& database_;
  auth::EmailSender& email_;
  bus::EventBus* events_;
  InvitationSettings settings_;
  MembershipsChanged memberships_changed_;
  store::InvitationRepository invitations_;
  store::WorkspaceRepository workspaces_;
  store::UserRepository users_;
  store::ActivityRepository activity_;
};

}  // namespace orchestra::workspaces
