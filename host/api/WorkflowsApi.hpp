// The plan's Workflows API under /api/v1/workflows (list, create, read, update, delete, status,
// duplicate, versions) plus restore, export and import: thin handlers over
// workflows::WorkflowService.
#pragma once

#include "host/http/Router.hpp"
#include "host/workflows/WorkflowService.hpp"

namespace orchestra::api {

void registerWorkflowRoutes(http::Router& router, workflows::WorkflowService& service);

}  // namespace orchestra::api
