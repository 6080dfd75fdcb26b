// Workspace API keys under /api/v1/workspaces/{id}/api-keys: create (the secret is answered
// once), list, revoke, over auth::ApiKeyService. Administrators and owners only.
#pragma once

#include "host/api/ActivityRecorder.hpp"
#include "host/auth/ApiKeyService.hpp"
#include "host/http/Router.hpp"

namespace orchestra::api {

void registerApiKeyRoutes(http::Router& router, auth::ApiKeyService& service,
                          const ActivityRecorder& activity);

}  // namespace orchestra::api
