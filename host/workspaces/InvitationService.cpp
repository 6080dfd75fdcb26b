#include "host/workspaces/InvitationService.hpp"

#include "host/auth/Crypto.hpp"
#include "host/auth/Policy.hpp"
#include "host/errors/ApiError.hpp"
#include "host/observability/Logger.hpp"
#include "host/store/EmailAddress.hpp"
#include "host/store/SqlValues.hpp"
#include "host/store/Timestamp.hpp"
#include "host/text/JsonWriter.hpp"
#include "host/text/Sha256.hpp"
#include "host/workspaces/ActivityLog.hpp"
#include "host/workspaces/CollaborationEvents.hpp"

namespace orchestra::workspaces {

using errors::ApiError;
using Poco::Data::Session;

namespace {

// 32 random bytes: the emailed token. Only its SHA-256 is stored.
std::string newToken() {
  return auth::base64UrlEncode(auth::randomBytes(32));
}

std::string escapeHtml(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    switch (c) {
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '&':
        escaped += "&amp;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string invitationDetails(const store::InvitationRow& invitation) {
  text::JsonWriter json;
  json.beginObject()
      .field("email", invitation.email)
      .field("role", invitation.role)
      .field("invitation_id", invitation.id)
      .endObject();
  return std::move(json).finish();
}

ApiError invitationNotFound() {
  return ApiError::notFound("Invitation not found");
}

}  // namespace

InvitationService::InvitationService(store::Database& database, auth::EmailSender& email,
                                     bus::EventBus* events, InvitationSettings settings,
                                     MembershipsChanged memberships_changed)
    : database_(database),
      email_(email),
      events_(events),
      settings_(std::move(settings)),
      memberships_changed_(std::move(memberships_changed)),
      invitations_(database),
      workspaces_(database),
      users_(database),
      activity_(database) {}

void InvitationService::mail(const store::InvitationRow& invitation, const std::string& token,
                             const auth::Caller& inviter) {
  std::string base = settings_.studio_url;
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  const std::string link = base + "/invitations/accept?token=" + token;
  auth::EmailMessage message;
  message.to = invitation.email;
  message.subject = "You are invited to " + invitation.workspace_name + " on Orchestra";
  message.text_body = inviter.email() + " invites you to the workspace \"" +
                      invitation.workspace_name + "\" as " + invitation.role +
                      ".\r\n\r\nAccept: " + link + "\r\n\r\nThe link works once, until " +
                      invitation.expires_at + ". Sign in with this address (" + invitation.email +
                      ") to accept it.\r\n";
  message.html_body = "<!doctype html><html><body style=\"font-family:sans-serif\"><p>" +
                      escapeHtml(inviter.email()) + " invites you to the workspace <strong>" +
                      escapeHtml(invitation.workspace_name) + "</strong> as " +
                      escapeHtml(invitation.role) + ".</p><p><a href=\"" + escapeHtml(link) +
                      "\">Accept the invitation</a></p><p>The link "
                      "works once, until " +
                      escapeHtml(invitation.expires_at) + ".</p></body></html>";
  try {
    email_.send(message);
  } catch (const auth::EmailDeliveryError& error) {
    observability::logError("workspaces", "invitation mail not delivered",
                            {{"error", error.what()}, {"invitation_id", invitation.id}});
    throw ApiError(503, "The invitation is saved but its mail could not be sent; resend it later");
  }
}

InvitationResult InvitationService::invite(const auth::Caller& caller,
                                           const auth::ClientInfo& client,
                                           std::string_view workspace_id, text::JsonView body) {
  const auto caller_role = auth::authorize(caller, workspace_id, auth::Action::InviteMembers);
  const std::string workspace = store::canonicalUuid(workspace_id).value_or("");
  const auto role = body.getValue<std::string>("role");
  if (auth::parseWorkspaceRole(role).value_or(auth::WorkspaceRole::Owner) > caller_role) {
    throw ApiError::forbidden("You cannot invite with a role above your own");
  }
  const std::string email = store::normalizeEmail(body.getValue<std::string>("email"));
  if (const auto user = users_.findByEmail(email);
      user && workspaces_.membership(workspace, user->id)) {
    throw ApiError::conflict(email + " is already a member of this workspace");
  }
  const std::string token = newToken();
  InvitationResult result;
  database_.withTransaction([&](Session& session) {
    store::InvitationRow row;
    if (auto pending =
            invitations_.findPending(session, workspace, email, store::utcNowTimestamp())) {
      row = std::move(*pending);
      result.merged = true;
    } else {
      row.workspace_id = workspace;
      row.email = email;
    }
    row.role = role;
    row.invited_by = caller.userId();
    row.expires_at = store::utcTimestampFromNow(std::chrono::seconds(settings_.ttl).count());
    if (result.merged) {
      invitations_.renew(session, row, text::sha256Hex(token));
    } else {
      row.id = invitations_.insert(session, row, text::sha256Hex(token));
    }
    result.invitation = *invitations_.find(session, row.id);
    activity_.insert(session, activityRow(caller, client,
                                          {workspace, "invitation.created", "invitation", row.id,
                                           invitationDetails(result.invitation)}));
  });
  mail(result.invitation, token, caller);
  return result;
}

std::vector<store::InvitationRow> InvitationService::pendingIn(const auth::Caller& caller,
                                                               std::string_view workspace_id) {
  auth::authorize(caller, workspace_id, auth::Action::InviteMembers);
  return invitations_.pendingInWorkspace(store::canonicalUuid(workspace_id).value_or(""),
                                         store::utcNowTimestamp());
}

store::InvitationRow InvitationService::pendingInvitation(const auth::Caller& caller,
                                                          std::string_view workspace_id,
                                                          std::string_view invitation_id) {
  auth::authorize(caller, workspace_id, auth::Action::InviteMembers);
  Session session = database_.session();
  auto invitation = invitations_.find(session, invitation_id);
  if (!invitation || invitation->workspace_id != store::canonicalUuid(workspace_id)) {
    throw invitationNotFound();
  }
  if (invitation->accepted_at) throw ApiError::conflict("The invitation was already accepted");
  return std::move(*invitation);
}

store::InvitationRow InvitationService::resend(const auth::Caller& caller,
                                               const auth::ClientInfo& client,
                                               std::string_view workspace_id,
                                               std::string_view invitation_id) {
  store::InvitationRow invitation = pendingInvitation(caller, workspace_id, invitation_id);
  const std::string token = newToken();
  invitation.expires_at = store::utcTimestampFromNow(std::chrono::seconds(settings_.ttl).count());
  invitation.invited_by = caller.userId();
  database_.withTransaction([&](Session& session) {
    invitations_.renew(session, invitation, text::sha256Hex(token));
    activity_.insert(session,
                     activityRow(caller, client,
                                 {invitation.workspace_id, "invitation.resent", "invitation",
                                  invitation.id, invitationDetails(invitation)}));
  });
  mail(invitation, token, caller);
  return invitation;
}

void InvitationService::revoke(const auth::Caller& caller, const auth::ClientInfo& client,
                               std::string_view workspace_id, std::string_view invitation_id) {
  const store::InvitationRow invitation = pendingInvitation(caller, workspace_id, invitation_id);
  database_.withTransaction([&](Session& session) {
    if (!invitations_.remove(session, invitation.id)) throw invitationNotFound();
    activity_.insert(session,
                     activityRow(caller, client,
                                 {invitation.workspace_id, "invitation.revoked", "invitation",
                                  invitation.id, invitationDetails(invitation)}));
  });
}

std::vector<store::InvitationRow> InvitationService::mine(const auth::Caller& caller) {
  return invitations_.pendingForEmail(store::normalizeEmail(caller.email()),
                                      store::utcNowTimestamp());
}

store::InvitationRow InvitationService::accept(const auth::Caller& caller,
                                               const auth::ClientInfo& client,
                                               std::string_view token) {
  auto invitation = database_.withTransaction([&](Session& session) {
    auto found = invitations_.findByTokenHash(session, text::sha256Hex(token));
    if (!found) throw invitationNotFound();
    if (found->accepted_at) throw ApiError::conflict("This invitation was already used");
    if (found->expires_at <= store::utcNowTimestamp()) {
      throw ApiError(410, "This invitation has expired; ask for a new one");
    }
    // The link may have been forwarded: only the invited address may use it.
    if (found->email != store::normalizeEmail(caller.email())) {
      throw ApiError::forbidden("This invitation is addressed to another email address");
    }
    if (workspaces_.membership(session, found->workspace_id, caller.userId())) {
      throw ApiError::conflict("You are already a member of this workspace");
    }
    if (!invitations_.markAccepted(session, found->id)) {
      throw ApiError::conflict("This invitation was already used");
    }
    workspaces_.addMember(session, found->workspace_id, caller.userId(), found->role,
                          found->invited_by);
    activity_.insert(session, activityRow(caller, client,
                                          {found->workspace_id, "member.joined", "member",
                                           caller.userId(), invitationDetails(*found)}));
    return std::move(*found);
  });
  if (memberships_changed_) memberships_changed_(caller.userId());
  publishCollaborationEvent(events_, invitation.workspace_id, "member_joined",
                            memberEventData(caller.userId(), invitation.role));
  return invitation;
}

}  // namespace orchestra::workspaces
