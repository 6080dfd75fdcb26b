// The caller's published workflows as MCP tools, for the host's own MCP endpoint
// (/api/v1/mcp): which workflows qualify, their tool definitions, and a call as one execution.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/auth/Caller.hpp"
#include "host/bus/EventBus.hpp"
#include "host/runtime/Runtime.hpp"
#include "host/store/Database.hpp"
#include "host/store/WorkflowRepository.hpp"
#include "host/text/JsonDocument.hpp"

namespace orchestra::mcp {

// A workflow is a tool when it is published, has a manual or webhook trigger, and its settings
// hold `input_schema`: a JSON Schema of type object describing the arguments (the workflow API
// checks its shape at save). The caller must be allowed to run workflows in its workspace.
struct WorkflowTool {
  // "<name as lowercase words joined by _>_<first 8 characters of the workflow id>": stable
  // while the workflow keeps its name, unique among the caller's tools, within MCP's charset.
  std::string name;
  std::string title;  // the workflow's name
  std::string description;
  std::string input_schema_json;
  store::WorkflowRow workflow;
  // The trigger a call starts: the manual one (trigger.data = the arguments) when there is
  // one, else the webhook (trigger.data = {method, path, query: {}, body: the arguments}).
  std::string trigger_type;
  std::string webhook_path;
  std::string webhook_method;
  std::int64_t node_count = 0;
};

// A node of the running execution finished: what notifications/progress report.
struct ToolProgress {
  std::int64_t finished_nodes = 0;
  std::int64_t total_nodes = 0;
  std::string message;
};
// Called on the waiting thread; returns false when nobody listens any more (stop waiting).
using ProgressSink = std::function<bool(const ToolProgress&)>;

struct ToolCallResult {
  std::string result_json;   // MCP's CallToolResult
  std::string execution_id;  // empty when nothing ran (the arguments were refused)
};

class WorkflowTools {
 public:
  // All three must outlive this.
  WorkflowTools(store::Database& database, runtime::Runtime& runtime, bus::EventBus& events)
      : workflows_(database), runtime_(runtime), events_(events) {}

  // The caller's tools, by workspace then name. Errors: StoreError.
  std::vector<WorkflowTool> list(const auth::Caller& caller);
  std::optional<WorkflowTool> find(const auth::Caller& caller, std::string_view name);

  // Checks `arguments` (absent or null: an empty object) against the tool's schema (refused: an
  // error result, nothing runs),
  // starts the execution and waits for it, at most the workflow's execution timeout. With
  // `progress`, each finished node is reported while it runs. A failed, cancelled or unfinished
  // execution is a result with isError. Errors: ApiError 503 (queue full), StoreError.
  ToolCallResult call(const auth::Caller& caller, const WorkflowTool& tool,
                      text::JsonView arguments, const ProgressSink& progress);

 private:
  std::optional<WorkflowTool> toolOf(const store::WorkflowRow& row);

  store::WorkflowRepository workflows_;
  runtime::Runtime& runtime_;
  bus::EventBus& events_;
};

}  // namespace orchestra::mcp
