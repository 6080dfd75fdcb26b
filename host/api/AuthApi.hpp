// The plan's Authentication API under /api/v1/auth: request-otp, verify-otp, refresh, logout,
// and GET/PATCH me: thin handlers over auth::AuthServices. A profile change is an activity row
// of the user's own account (no workspace); signing in and out are in the auth log instead.
#pragma once

#include "host/api/ActivityRecorder.hpp"
#include "host/auth/AuthServices.hpp"
#include "host/http/Router.hpp"

namespace orchestra::api {

void registerAuthRoutes(http::Router& router, auth::AuthServices& services,
                        const ActivityRecorder& activity);

}  // namespace orchestra::api
