// The read side of the plan's Executions API under /api/v1/executions: list, one execution with
// its steps, node executions with input and output, the execution log; thin handlers over
// runtime::ExecutionQueries.
#pragma once

#include "host/http/Router.hpp"
#include "host/runtime/ExecutionQueries.hpp"

namespace orchestra::api {

void registerExecutionRoutes(http::Router& router, runtime::ExecutionQueries& queries);

}  // namespace orchestra::api
