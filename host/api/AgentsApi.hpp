// The plan's Agents API under /api/v1/agents: CRUD over workflows::AgentService; testing an
// agent belongs to the AI work and answers 501 until then.
#pragma once

#include "host/api/ActivityRecorder.hpp"
#include "host/http/Router.hpp"
#include "host/workflows/AgentService.hpp"

namespace orchestra::api {

void registerAgentRoutes(http::Router& router, workflows::AgentService& service,
                         const ActivityRecorder& activity);

}  // namespace orchestra::api
