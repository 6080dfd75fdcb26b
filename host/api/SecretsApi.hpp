// Workspace secrets under /api/v1/secrets: create, list and read metadata, rotate, delete, over
// secrets::SecretService. No route ever answers a secret's value.
#pragma once

#include "host/api/ActivityRecorder.hpp"
#include "host/http/Router.hpp"
#include "host/secrets/SecretService.hpp"

namespace orchestra::api {

void registerSecretRoutes(http::Router& router, secrets::SecretService& service,
                          const ActivityRecorder& activity);

}  // namespace orchestra::api
