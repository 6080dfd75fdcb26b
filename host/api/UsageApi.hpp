// GET /api/v1/usage: a workspace's AI spend this month against its budgets, by model; and
// PUT /api/v1/usage/budgets: the workspace's own budgets over the configured defaults.
#pragma once

#include "host/api/ActivityRecorder.hpp"
#include "host/http/Router.hpp"
#include "host/plugins/AiGateway.hpp"

namespace orchestra::api {

void registerUsageRoutes(http::Router& router, const plugins::AiGateway& ai,
                         const ActivityRecorder& activity);

}  // namespace orchestra::api
