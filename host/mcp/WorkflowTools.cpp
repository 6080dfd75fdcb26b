#include "host/mcp/WorkflowTools.hpp"

#include <Poco/JSON/Object.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <mutex>
#include <set>

#include "host/auth/Policy.hpp"
#include "host/observability/Logger.hpp"
#include "host/schema/Schema.hpp"
#include "host/store/SqlValues.hpp"
#include "host/text/JsonDocument.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::mcp {

namespace {

using Poco::JSON::Object;

constexpr std::string_view kManualTrigger = "core.trigger.manual";
constexpr std::string_view kWebhookTrigger = "core.trigger.webhook";
constexpr std::size_t kMaxSlugLength = 48;
constexpr std::size_t kIdSuffixLength = 8;
// How often a streaming call looks at its queue of node events while it waits for the outcome.
constexpr std::chrono::milliseconds kProgressTick{100};
// The execution fails itself at its timeout; a little longer lets that outcome arrive.
constexpr std::chrono::milliseconds kOutcomeGrace{2000};

std::string toolName(const store::WorkflowRow& row) {
  std::string slug;
  for (const char c : row.content.name) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (word || (c >= 'A' && c <= 'Z')) {
      slug += static_cast<char>(word ? c : c - 'A' + 'a');
    } else if (!slug.empty() && slug.back() != '_') {
      slug += '_';
    }
    if (slug.size() >= kMaxSlugLength) break;
  }
  while (!slug.empty() && slug.back() == '_')
    slug.pop_back();
  if (slug.empty()) slug = "workflow";
  return slug + "_" + row.id.substr(0, kIdSuffixLength);
}

std::string configString(const Poco::Dynamic::Var& config, const std::string& key,
                         const std::string& fallback) {
  if (config.type() != typeid(Object::Ptr)) return fallback;
  const auto& object = config.extract<Object::Ptr>();
  if (object.isNull() || !object->has(key) || !object->get(key).isString()) return fallback;
  return object->getValue<std::string>(key);
}

std::string firstMethod(const Poco::Dynamic::Var& config) {
  if (config.type() != typeid(Object::Ptr)) return "POST";
  const auto methods = config.extract<Object::Ptr>()->getArray("methods");
  if (methods.isNull() || methods->size() == 0) return "POST";
  return methods->getElement<std::string>(0);
}

std::string triggerData(const WorkflowTool& tool, text::JsonView arguments) {
  text::JsonWriter json;
  if (tool.trigger_type == "webhook") {
    // No headers: the webhook's secret guards strangers, and this caller is signed in.
    json.beginObject()
        .field("method", tool.webhook_method)
        .field("path", tool.webhook_path)
        .key("query")
        .beginObject()
        .endObject()
        .key("body")
        .value(arguments)
        .endObject();
  } else {
    json.value(arguments);
  }
  return std::move(json).finish();
}

text::JsonWriter& textContent(text::JsonWriter& json, std::string_view text) {
  json.key("content").beginArray();
  json.beginObject().field("type", "text").field("text", text).endObject();
  return json.endArray();
}

std::string errorResult(std::string_view message, const std::string& execution_id) {
  text::JsonWriter json;
  json.beginObject();
  textContent(json, message).field("isError", true);
  if (!execution_id.empty()) {
    json.key("_meta").beginObject().field("orchestra/execution_id", execution_id).endObject();
  }
  return std::move(json.endObject()).finish();
}

std::string outcomeResult(const runtime::ExecutionOutcome& outcome,
                          const std::string& execution_id) {
  if (outcome.status != "completed") {
    return errorResult("The workflow " + outcome.status +
                           (outcome.error.empty() ? "" : ": " + outcome.error) + " (execution " +
                           execution_id + ")",
                       execution_id);
  }
  text::JsonWriter json;
  json.beginObject();
  textContent(json, outcome.output_json).key("structuredContent");
  // structuredContent is an object; other outputs (a list, a string) are its "result".
  // The output is JSON the host wrote: an object is one that opens with a brace.
  const auto first = outcome.output_json.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || outcome.output_json[first] != '{') {
    json.beginObject().key("result").rawValue(outcome.output_json).endObject();
  } else {
    json.rawValue(outcome.output_json);
  }
  json.field("isError", false);
  json.key("_meta").beginObject().field("orchestra/execution_id", execution_id).endObject();
  return std::move(json.endObject()).finish();
}

std::string stillRunning(std::chrono::milliseconds waited, const std::string& execution_id) {
  return errorResult("The workflow is still running after " +
                         std::to_string(waited.count() / 1000) + " s; execution " + execution_id +
                         " goes on (see /api/v1/executions/" + execution_id + ")",
                     execution_id);
}

// Node events of one execution, copied off the bus (whose handlers must not block) for the
// waiting thread.
struct NodeEvents {
  std::mutex mutex;
  std::deque<std::string> payloads;
};

// The node that a node_status event says finished, or empty.
std::string finishedNode(const std::string& payload) {
  const std::optional<text::JsonDocument> parsed = text::JsonDocument::parse(payload);
  if (!parsed) return "";
  const text::JsonView event = parsed->root();
  if (event.optValue<std::string>("type", "") != "node_status") return "";
  if (event.optValue<std::string>("status", "") != "completed") return "";
  return event.optValue<std::string>("node_id", "");
}

}  // namespace

std::optional<WorkflowTool> WorkflowTools::toolOf(const store::WorkflowRow& row) {
  // A compact document: settings may be megabytes, and every tools/list reads them all.
  const std::optional<text::JsonDocument> settings =
      text::JsonDocument::parse(row.content.settings);
  if (!settings) return std::nullopt;
  const text::JsonView schema = settings->root().get("input_schema");
  if (!schema.isObject()) return std::nullopt;
  const runtime::CompileResult compiled = runtime_.workflows().get(row.id, row.version);
  if (!compiled.workflow) return std::nullopt;
  WorkflowTool tool;
  for (const auto& node : compiled.workflow->nodes) {
    if (node.type_id == kManualTrigger) {
      tool.trigger_type = "manual";
      break;
    }
    if (node.type_id == kWebhookTrigger && tool.trigger_type.empty()) {
      tool.trigger_type = "webhook";
      tool.webhook_path = configString(node.config, "path", "");
      tool.webhook_method = firstMethod(node.config);
    }
  }
  if (tool.trigger_type.empty()) return std::nullopt;
  tool.input_schema_json = text::toJson(schema);
  try {
    schema::Schema::compile(tool.input_schema_json);
  } catch (const schema::SchemaError& error) {
    observability::logWarning("mcp", "a workflow's input_schema does not compile; not a tool",
                              {{"workflow_id", row.id}, {"error", error.what()}});
    return std::nullopt;
  }
  tool.name = toolName(row);
  tool.title = row.content.name;
  tool.description = row.content.description.value_or(row.content.name);
  tool.node_count = static_cast<std::int64_t>(compiled.workflow->nodes.size());
  tool.workflow = row;
  return tool;
}

std::vector<WorkflowTool> WorkflowTools::list(const auth::Caller& caller) {
  std::vector<WorkflowTool> tools;
  for (const auto& membership : caller.memberships()) {
    if (!auth::mayPerform(caller, membership.workspace_id, auth::Action::ExecuteWorkflows)) {
      continue;
    }
    std::set<std::string> seen;
    std::vector<WorkflowTool> of_workspace;
    for (const auto trigger : {kManualTrigger, kWebhookTrigger}) {
      for (const auto& row : workflows_.publishedWithNodeType(trigger, membership.workspace_id)) {
        if (!seen.insert(row.id).second) continue;
        if (auto tool = toolOf(row)) of_workspace.push_back(std::move(*tool));
      }
    }
    std::sort(
        of_workspace.begin(), of_workspace.end(),
        [](const WorkflowTool& left, const WorkflowTool& right) { return left.name < right.name; });
    std::move(of_workspace.begin(), of_workspace.end(), std::back_inserter(tools));
  }
  return tools;
}

std::optional<WorkflowTool> WorkflowTools::find(const auth::Caller& caller, std::string_view name) {
  for (auto& tool : list(caller)) {
    if (tool.name == name) return std::move(tool);
  }
  return std::nullopt;
}

ToolCallResult WorkflowTools::call(const auth::Caller& caller, const WorkflowTool& tool,
                                   text::JsonView given_arguments, const ProgressSink& progress) {
  const text::JsonView arguments =
      given_arguments.isNull() ? text::emptyJsonObject() : given_arguments;
  ToolCallResult result;
  const schema::ValidationResult checked =
      schema::Schema::compile(tool.input_schema_json).validate(*arguments.raw());
  if (!checked.valid()) {
    std::string message = "The arguments do not match the tool's input schema:";
    for (const auto& issue : checked.issues()) {
      message += "\n" +
                 (issue.instance_path.empty() ? std::string("(arguments)") : issue.instance_path) +
                 ": " + issue.message;
    }
    result.result_json = errorResult(message, "");
    return result;
  }
  const runtime::CompileResult compiled =
      runtime_.workflows().get(tool.workflow.id, tool.workflow.version);
  if (!compiled.workflow) {
    result.result_json = errorResult("The workflow cannot run: " + compiled.error, "");
    return result;
  }
  const auto timeout = compiled.workflow->execution_timeout + kOutcomeGrace;

  runtime::StartRequest start;
  start.workspace_id = tool.workflow.workspace_id;
  start.workflow_id = tool.workflow.id;
  start.user_id = caller.userId();
  start.workflow_version = tool.workflow.version;
  start.trigger_type = tool.trigger_type;
  start.trigger_data_json = triggerData(tool, arguments);
  auto waiter = std::make_shared<runtime::OutcomeWaiter>();

  if (!progress) {
    result.execution_id = runtime_.startExecution(start, waiter).id;
    const auto outcome =
        waiter->wait(std::chrono::duration_cast<std::chrono::milliseconds>(timeout));
    if (!outcome) runtime_.forgetWaiter(result.execution_id);
    result.result_json = outcome ? outcomeResult(*outcome, result.execution_id)
                                 : stillRunning(timeout, result.execution_id);
    return result;
  }

  // Subscribed before the start, so no event of the run is missed; the run goes to an
  // execution thread, this one reports its progress meanwhile.
  start.execution_id = store::newUuid();
  start.lend_caller_thread = false;
  result.execution_id = start.execution_id;
  auto events = std::make_shared<NodeEvents>();
  const auto subscription =
      events_.subscribe("execution:" + start.execution_id, [events](const bus::Event& event) {
        std::lock_guard lock(events->mutex);
        events->payloads.push_back(event.payload_json);
      });
  runtime_.startExecution(start, waiter);

  ToolProgress reported;
  reported.total_nodes = tool.node_count;
  const auto report = [&]() {
    std::deque<std::string> payloads;
    {
      std::lock_guard lock(events->mutex);
      payloads.swap(events->payloads);
    }
    for (const auto& payload : payloads) {
      const std::string node = finishedNode(payload);
      if (node.empty()) continue;
      ++reported.finished_nodes;
      // Loops finish a node once per item: past the node count there is no honest total.
      if (reported.finished_nodes > reported.total_nodes) reported.total_nodes = 0;
      reported.message = "node " + node + " completed";
      if (!progress(reported)) return false;
    }
    return true;
  };
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    if (const auto outcome = waiter->wait(std::min(left, kProgressTick))) {
      report();
      result.result_json = outcomeResult(*outcome, result.execution_id);
      return result;
    }
    if (!report()) break;  // the client left; the execution goes on
  }
  runtime_.forgetWaiter(result.execution_id);
  result.result_json = stillRunning(timeout, result.execution_id);
  return result;
}

}  // namespace orchestra::mcp
