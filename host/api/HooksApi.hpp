// Webhook triggers: /api/v1/hooks/{workflow_id}/{path} starts the published workflow whose
// core.trigger.webhook node has that path, checking its methods and secret header, and answers
// at once (202) or with the workflow's output (respond: when_finished).
#pragma once

#include "host/http/Router.hpp"
#include "host/runtime/Runtime.hpp"
#include "host/store/Database.hpp"

namespace orchestra::api {

void registerHookRoutes(http::Router& router, runtime::Runtime& runtime, store::Database& database);

}  // namespace orchestra::api
