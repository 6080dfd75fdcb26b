// What a WebSocket client sees first: the present of an execution (its status and every
// step's) or of the caller's workspaces (running and recent executions), as one plan-shaped
// message, with the rule that drops live events the snapshot already shows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "host/auth/Caller.hpp"
#include "host/runtime/ExecutionQueries.hpp"
#include "host/text/JsonWriter.hpp"
#include "host/ws/Hub.hpp"

namespace orchestra::api {

// {type: "snapshot", execution_id, node_id: null, status, timestamp, data: {workflow_id,
// workspace_id, trigger_type, start_time, end_time, error_message, nodes: [{node_id, scope,
// status, start_time, end_time, error_message, retry_count}]}}
ws::Snapshot executionSnapshot(const runtime::ExecutionDetail& detail);

// {type: "analytics_snapshot", ..., data: {workspaces: [{workspace_id, running, pending,
// completed_24h, failed_24h, active: [execution ids]}]}}: the counters a live dashboard starts
// from; execution_status events on the workspaces' channels move them on.
ws::Snapshot analyticsSnapshot(runtime::ExecutionQueries& executions, const auth::Caller& caller,
                               const std::vector<std::string>& workspace_ids);

// Opens a plan-shaped message that is about no execution: {type, execution_id: null, node_id:
// null, status: null, timestamp, "data": { — the caller writes data's members and closes both.
void beginUnscopedMessage(text::JsonWriter& json, std::string_view type);

// How far a status is along pending → running → finished: a snapshot showing a later stage
// already reflects an event of an earlier or equal one.
int statusStage(const std::string& status);

}  // namespace orchestra::api
