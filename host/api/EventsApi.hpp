// POST /api/v1/events: a named event posted to a workspace starts every published workflow of
// that workspace whose core.trigger.event node waits for that name.
#pragma once

#include "host/api/ActivityRecorder.hpp"
#include "host/http/Router.hpp"
#include "host/runtime/EventTriggers.hpp"

namespace orchestra::api {

void registerEventRoutes(http::Router& router, runtime::EventTriggers& triggers,
                         const ActivityRecorder& activity);

}  // namespace orchestra::api
