// The plan's Authentication API under /api/v1/auth: request-otp, verify-otp, refresh, logout,
// and GET/PATCH me: thin handlers over auth::AuthServices.
#pragma once

#include "host/auth/AuthServices.hpp"
#include "host/http/Router.hpp"

namespace orchestra::api {

void registerAuthRoutes(http::Router& router, auth::AuthServices& services);

}  // namespace orchestra::api
