// GET /api/v1/activity: the activity log of the caller's workspaces, newest first, filtered by
// workspace, user, action, resource and time range.
#pragma once

#include "host/http/Router.hpp"
#include "host/workspaces/ActivityLog.hpp"

namespace orchestra::api {

void registerActivityRoutes(http::Router& router, workspaces::ActivityLog& log);

}  // namespace orchestra::api
