#include "host/api/InvitationsApi.hpp"

#include "host/auth/Policy.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/http/Pagination.hpp"

namespace orchestra::api {

namespace {

// invited_by is the caller, never taken from the body: a body naming it is a 422.
constexpr const char* kInviteSchema =
    R"({"type":"object","additionalProperties":false,"required":["email","role"],"properties":{)"
    R"("email":{"type":"string","format":"email","maxLength":255},)"
    R"("role":{"enum":["administrator","editor","viewer","owner"]}}})";

// Never the token: it exists only in the mail.
void writeInvitation(text::JsonWriter& json, const store::InvitationRow& invitation) {
  json.beginObject()
      .field("id", invitation.id)
      .field("workspace_id", invitation.workspace_id)
      .field("workspace_name", invitation.workspace_name)
      .field("email", invitation.email)
      .field("role", invitation.role)
      .field("invited_by", invitation.invited_by)
      .field("expires_at", invitation.expires_at)
      .field("accepted_at", invitation.accepted_at)
      .field("created_at", invitation.created_at)
      .endObject();
}

http::Response invitationResponse(int status, const store::InvitationRow& invitation) {
  text::JsonWriter json;
  writeInvitation(json, invitation);
  return http::jsonResponse(status, std::move(json));
}

http::Response allInvitations(const std::vector<store::InvitationRow>& invitations) {
  const auto total = static_cast<std::int64_t>(invitations.size());
  return http::listResponse(invitations, total, {total == 0 ? 1 : total, 0}, writeInvitation);
}

http::RouteDoc doc(auth::Action action, std::string summary, std::string request_schema = "") {
  http::RouteDoc route_doc;
  route_doc.summary = std::move(summary);
  route_doc.tags = {"workspaces"};
  route_doc.requires_auth = true;
  route_doc.action = auth::actionName(action);
  route_doc.request_schema_json = std::move(request_schema);
  route_doc.responses[401] = {"Missing, invalid or revoked access token", ""};
  if (action != auth::Action::Account) {
    route_doc.responses[403] = {"The caller's role in the workspace does not allow this", ""};
    route_doc.responses[404] = {"No such workspace or invitation among the caller's", ""};
  }
  return route_doc;
}

}  // namespace

void registerInvitationRoutes(http::Router& router, workspaces::InvitationService& service,
                              const ActivityRecorder& activity) {
  auto invite =
      doc(auth::Action::InviteMembers, "Invite an email address with a role", kInviteSchema);
  invite.description =
      "Mails a one-time link (<collaboration.studio_url>/invitations/accept?token=...) valid for "
      "collaboration.invitation_ttl_hours. Nobody invites above their own role. A pending "
      "invitation of the same address is renewed (new role, link and expiry; 200) rather than "
      "duplicated.";
  invite.responses[201] = {"Invited", ""};
  invite.responses[200] = {"A pending invitation of this address was renewed", ""};
  invite.responses[409] = {"The address is already a member", ""};
  invite.responses[503] = {"Saved, but the mail could not be sent (resend later)", ""};
  router.add(
      "POST", "/api/v1/workspaces/{id}/invite",
      [&service, &activity](http::Request& request) {
        const auto result = service.invite(auth::requireCaller(request), activity.client(request),
                                           request.pathParam("id"), request.jsonBody());
        return invitationResponse(result.merged ? 200 : 201, result.invitation);
      },
      std::move(invite));

  router.add(
      "GET", "/api/v1/workspaces/{id}/invitations",
      [&service](http::Request& request) {
        return allInvitations(
            service.pendingIn(auth::requireCaller(request), request.pathParam("id")));
      },
      doc(auth::Action::InviteMembers, "The workspace's pending invitations"));

  auto resend = doc(auth::Action::InviteMembers, "Mail an invitation again with a fresh link");
  resend.responses[409] = {"Already accepted", ""};
  router.add(
      "POST", "/api/v1/workspaces/{id}/invitations/{invitation_id}/resend",
      [&service, &activity](http::Request& request) {
        return invitationResponse(
            200, service.resend(auth::requireCaller(request), activity.client(request),
                                request.pathParam("id"), request.pathParam("invitation_id")));
      },
      std::move(resend));

  auto revoke = doc(auth::Action::InviteMembers, "Revoke a pending invitation");
  revoke.responses[204] = {"Revoked: its link no longer works", ""};
  router.add(
      "DELETE", "/api/v1/workspaces/{id}/invitations/{invitation_id}",
      [&service, &activity](http::Request& request) {
        service.revoke(auth::requireCaller(request), activity.client(request),
                       request.pathParam("id"), request.pathParam("invitation_id"));
        return http::Response::noContent();
      },
      std::move(revoke));

  router.add(
      "GET", "/api/v1/invitations",
      [&service](http::Request& request) {
        return allInvitations(service.mine(auth::requireCaller(request)));
      },
      doc(auth::Action::Account, "Pending invitations addressed to the caller's email"));

  auto accept = doc(auth::Action::Account, "Accept an invitation: join its workspace");
  accept.description =
      "The signed-in user's email must be the invited one (403 otherwise). A token works once "
      "(409 after), until it expires (410); a revoked or unknown one is a 404.";
  accept.responses[200] = {"The accepted invitation", ""};
  accept.responses[403] = {"Addressed to another email", ""};
  accept.responses[404] = {"Unknown or revoked", ""};
  accept.responses[409] = {"Already used, or already a member", ""};
  accept.responses[410] = {"Expired", ""};
  router.add(
      "POST", "/api/v1/invitations/{token}/accept",
      [&service, &activity](http::Request& request) {
        return invitationResponse(
            200, service.accept(auth::requireCaller(request), activity.client(request),
                                request.pathParam("token")));
      },
      std::move(accept));
}

}  // namespace orchestra::api
