// MCP servers under /api/v1/mcp/servers: define, list, read, change and delete them, connect
// and disconnect, and read their tools, over mcp::McpServerService. Env values and headers go
// in and are never answered: only their names come back.
#pragma once

#include "host/api/ActivityRecorder.hpp"
#include "host/http/Router.hpp"
#include "host/mcp/McpServerService.hpp"

namespace orchestra::api {

void registerMcpRoutes(http::Router& router, mcp::McpServerService& service,
                       const ActivityRecorder& activity);

}  // namespace orchestra::api
