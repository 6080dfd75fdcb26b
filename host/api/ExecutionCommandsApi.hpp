// The Executions API's commands: start (POST /api/v1/executions), cancel and retry. Reads
// (list, one, nodes, logs) are in ExecutionsApi; both sit over the runtime.
#pragma once

#include "host/api/ActivityRecorder.hpp"
#include "host/http/Router.hpp"
#include "host/runtime/Runtime.hpp"
#include "host/workflows/WorkflowService.hpp"

namespace orchestra::api {

void registerExecutionCommandRoutes(http::Router& router, runtime::Runtime& runtime,
                                    workflows::WorkflowService& workflows,
                                    const ActivityRecorder& activity);

}  // namespace orchestra::api
