// Shared workspaces under /api/v1/workspaces (list, create, read, settings, delete), their
// members (list, role change, removal or leaving) and ownership transfer, over WorkspaceService.
#pragma once

#include "host/api/ActivityRecorder.hpp"
#include "host/http/Router.hpp"
#include "host/workspaces/WorkspaceService.hpp"

namespace orchestra::api {

void registerWorkspaceRoutes(http::Router& router, workspaces::WorkspaceService& service,
                             const ActivityRecorder& activity);

}  // namespace orchestra::api
