// Invitations: POST /api/v1/workspaces/{id}/invite, the workspace's pending invitations with
// resend and revoke, and the invitee's side, GET /api/v1/invitations and POST
// /api/v1/invitations/{token}/accept, over workspaces::InvitationService.
#pragma once

#include "host/api/ActivityRecorder.hpp"
#include "host/http/Router.hpp"
#include "host/workspaces/InvitationService.hpp"

namespace orchestra::api {

void registerInvitationRoutes(http::Router& router, workspaces::InvitationService& service,
                              const ActivityRecorder& activity);

}  // namespace orchestra::api
