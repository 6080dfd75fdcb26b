// The plan's Agents API under /api/v1/agents: CRUD over workflows::AgentService, and a test
// run of an agent through the ai.agent node type (AgentTestRun.hpp).
#pragma once

#include "host/api/ActivityRecorder.hpp"
#include "host/api/AgentTestRun.hpp"
#include "host/http/Router.hpp"
#include "host/workflows/AgentService.hpp"

namespace orchestra::api {

void registerAgentRoutes(http::Router& router, workflows::AgentService& service,
                         const ActivityRecorder& activity, AgentTestServices test_services);

}  // namespace orchestra::api
