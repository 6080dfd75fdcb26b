// The WebSocket endpoints: /api/v1/ws/executions/{id} (one execution's status, steps, logs and
// streamed text), /api/v1/ws/analytics (the caller's live execution counters) and
// /api/v1/ws/collaboration/{workspace_id} (workflow changes and who is where, with presence).
#pragma once

#include <string>
#include <vector>

#include "host/http/Router.hpp"
#include "host/runtime/ExecutionQueries.hpp"
#include "host/ws/Hub.hpp"
#include "host/ws/PresenceBoard.hpp"

namespace orchestra::api {

void registerRealtimeRoutes(http::Router& router, ws::Hub& hub, ws::PresenceBoard& presence,
                            runtime::ExecutionQueries& executions,
                            std::vector<std::string> allowed_origins);

}  // namespace orchestra::api
