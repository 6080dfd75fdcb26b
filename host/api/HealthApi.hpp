// GET /health (liveness: the process answers, nothing else is touched) and GET /health/ready
// (every readiness check: database, migrations, plugins) for load balancers and Kubernetes.
#pragma once

#include "host/app/Readiness.hpp"
#include "host/http/Router.hpp"

namespace orchestra::api {

void registerHealthRoutes(http::Router& router, const app::Readiness& readiness);

}  // namespace orchestra::api
