// /api/v1/mcp: Orchestra as an MCP server (Streamable HTTP, protocol 2025-11-25 down to
// 2024-11-05). The caller's published workflows with an input schema are its tools
// (mcp/WorkflowTools.hpp); bearer auth by access token or workspace API key.
#pragma once

#include "host/api/ActivityRecorder.hpp"
#include "host/bus/EventBus.hpp"
#include "host/http/Router.hpp"
#include "host/runtime/Runtime.hpp"
#include "host/store/Database.hpp"

namespace orchestra::api {

// `runtime`, `database`, `events` and `activity` must outlive the router.
void registerMcpEndpointRoutes(http::Router& router, runtime::Runtime& runtime,
                               store::Database& database, bus::EventBus& events,
                               const ActivityRecorder& activity);

}  // namespace orchestra::api
