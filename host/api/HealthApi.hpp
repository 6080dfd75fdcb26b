// GET /health (liveness: the process answers, nothing else is touched) and GET /health/ready
// (every readiness check: database, migrations, plugins) for load balancers and Kubernetes.
#pragma once

#include "host/http/Router.hpp"
#include "host/observability/Readiness.hpp"

namespace orchestra::api {

void registerHealthRoutes(http::Router& router, const observability::Readiness& readiness);

}  // namespace orchestra::api
