// The plan's Workflows API under /api/v1/workflows (list, create, read, update, delete, status,
// duplicate, versions) plus restore, export and import: thin handlers over
// workflows::WorkflowService.
#pragma once

#include <string>

#include "host/api/ActivityRecorder.hpp"
#include "host/http/Router.hpp"
#include "host/workflows/WorkflowService.hpp"

namespace orchestra::api {

// The JSON Schema of an export document as POST /api/v1/workflows/import accepts it; `orchestra
// run` checks a workflow file against the same schema.
std::string workflowImportSchema();

void registerWorkflowRoutes(http::Router& router, workflows::WorkflowService& service,
                            const ActivityRecorder& activity);

}  // namespace orchestra::api
