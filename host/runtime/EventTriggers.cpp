#include "host/runtime/EventTriggers.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "host/observability/Logger.hpp"
#include "host/runtime/TriggerConfig.hpp"
#include "host/store/SqlValues.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::runtime {

namespace {

using Poco::JSON::Object;

constexpr std::string_view kEventTriggerType = "core.trigger.event";
// Completions are frequent: the workspace's triggers are read at most this often for them. A
// trigger published just now is heard within this time.
constexpr std::chrono::seconds kCacheTtl{2};
// Past this many unhandled completions the oldest are dropped (and logged), not memory.
constexpr std::size_t kMaxPending = 10000;

// The chain depth of the execution that just finished: its own, when an event trigger started
// it, else 0.
int chainDepthOf(Runtime& runtime, const std::string& execution_id) {
  const auto record = runtime.findExecution(execution_id);
  if (!record || record->trigger_type != "event") return 0;
  try {
    Poco::JSON::Parser parser;
    const auto data = parser.parse(record->trigger_data_json).extract<Object::Ptr>();
    return data.isNull() ? 0 : data->optValue<int>("chain_depth", 0);
  } catch (const Poco::Exception&) {
    return 0;
  }
}

StartRequest startOf(const EventTriggerNode& trigger, const std::string& user_id,
                     std::string trigger_data_json) {
  StartRequest request;
  request.workspace_id = trigger.workspace_id;
  request.workflow_id = trigger.workflow_id;
  request.user_id = user_id;
  request.workflow_version = trigger.version;
  request.trigger_type = "event";
  request.trigger_data_json = std::move(trigger_data_json);
  return request;
}

}  // namespace

EventTriggers::EventTriggers(store::Database& database, Runtime& runtime, bus::EventBus& bus)
    : runtime_(runtime), bus_(bus), workflows_(database) {}

EventTriggers::~EventTriggers() {
  stop();
}

void EventTriggers::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
  subscription_ = bus_.subscribe("*", [this](const bus::Event& event) {
    // On the publishing thread: only a cheap test and a queue push.
    const std::string_view channel = event.channel;
    if (channel.rfind("workspace:", 0) != 0 || !channel.ends_with(":executions")) return;
    const std::string_view payload = event.payload_json;
    if (payload.find(R"("status":"completed")") == std::string_view::npos &&
        payload.find(R"("status":"failed")") == std::string_view::npos) {
      return;
    }
    {
      const std::lock_guard lock(mutex_);
      if (pending_.size() >= kMaxPending) {
        pending_.pop_front();
        observability::logWarning("events", "event triggers fall behind; dropped a completion");
      }
      pending_.emplace_back(payload);
    }
    wake_.notify_one();
  });
}

void EventTriggers::stop() {
  subscription_.reset();  // no handler runs after this
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventTriggers::loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
    if (stopping_) return;
    std::string payload = std::move(pending_.front());
    pending_.pop_front();
    lock.unlock();
    try {
      handle(payload);
    } catch (const std::exception& error) {
      observability::logWarning("events", "an event trigger could not start its workflow",
                                {{"error", error.what()}});
    }
    lock.lock();
  }
}

void EventTriggers::handle(const std::string& payload_json) {
  Poco::JSON::Parser parser;
  const auto message = parser.parse(payload_json).extract<Object::Ptr>();
  if (message.isNull() || message->optValue<std::string>("type", "") != "execution_status") return;
  const auto status = message->optValue<std::string>("status", "");
  const std::string on = status == "completed" ? "workflow_completed"
                         : status == "failed"  ? "workflow_failed"
                                               : "";
  const auto data = message->getObject("data");
  if (on.empty() || data.isNull()) return;
  const auto execution_id = message->optValue<std::string>("execution_id", "");
  const auto workflow_id = data->optValue<std::string>("workflow_id", "");
  const auto workspace_id = data->optValue<std::string>("workspace_id", "");

  std::vector<const EventTriggerNode*> matching;
  const std::vector<EventTriggerNode> triggers = triggersOf(workspace_id, false);
  for (const EventTriggerNode& trigger : triggers) {
    // Never for its own end: a workflow watching itself would run forever.
    if (trigger.on != on || trigger.workflow_id == workflow_id) continue;
    if (store::canonicalUuid(trigger.target).value_or(trigger.target) != workflow_id) continue;
    matching.push_back(&trigger);
  }
  if (matching.empty()) return;
  const int depth = chainDepthOf(runtime_, execution_id) + 1;
  if (depth > kMaxEventChainDepth) {
    observability::logWarning(
        "events", "event trigger chain too deep; not starting more",
        {{"execution_id", execution_id},
         {"max_chain_depth", static_cast<std::int64_t>(kMaxEventChainDepth)}});
    return;
  }
  for (const EventTriggerNode* trigger : matching) {
    text::JsonWriter trigger_data;
    trigger_data.beginObject()
        .field("event", on)
        .field("execution_id", execution_id)
        .field("workflow_id", workflow_id)
        .field("workspace_id", workspace_id)
        .field("status", status)
        .field("chain_depth", depth);
    if (data->has("detail")) trigger_data.key("detail").value(data->get("detail"));
    trigger_data.endObject();
    runtime_.startExecution(startOf(*trigger, trigger->owner_id, std::move(trigger_data).finish()));
  }
}

std::vector<std::string> EventTriggers::fireNamed(const std::string& workspace_id,
                                                  const std::string& user_id,
                                                  const std::string& name,
                                                  const std::string& data_json) {
  std::vector<std::string> started;
  for (const EventTriggerNode& trigger : triggersOf(workspace_id, true)) {
    if (trigger.on != "named" || trigger.target != name) continue;
    text::JsonWriter trigger_data;
    trigger_data.beginObject()
        .field("event", "named")
        .field("name", name)
        .field("workspace_id", workspace_id)
        .field("chain_depth", 1);
    trigger_data.key("data").rawValue(data_json);
    trigger_data.endObject();
    started.push_back(
        runtime_.startExecution(startOf(trigger, user_id, std::move(trigger_data).finish())).id);
  }
  return started;
}

std::vector<EventTriggerNode> EventTriggers::triggersOf(const std::string& workspace_id,
                                                        bool fresh) {
  const auto now = std::chrono::steady_clock::now();
  if (!fresh) {
    const std::lock_guard lock(cache_mutex_);
    const auto cached = cache_.find(workspace_id);
    if (cached != cache_.end() && cached->second.expires > now) return cached->second.nodes;
  }
  std::vector<EventTriggerNode> nodes;
  for (const store::WorkflowRow& row :
       workflows_.publishedWithNodeType(kEventTriggerType, workspace_id)) {
    const CompileResult compiled = runtime_.workflows().get(row.id, row.version);
    if (!compiled.workflow) continue;
    for (const CompiledNode& node : compiled.workflow->nodes) {
      if (node.type_id != kEventTriggerType) continue;
      EventTriggerNode trigger;
      trigger.workflow_id = row.id;
      trigger.workspace_id = row.workspace_id;
      trigger.owner_id = row.user_id;
      trigger.version = row.version;
      trigger.node_id = node.id;
      trigger.on = triggerConfigString(node.config, "on");
      trigger.target =
          triggerConfigString(node.config, trigger.on == "named" ? "event" : "workflow_id");
      nodes.push_back(std::move(trigger));
    }
  }
  const std::lock_guard lock(cache_mutex_);
  // Workspaces that stopped finishing executions leave their entries behind: drop stale ones.
  std::erase_if(cache_, [now](const auto& entry) { return entry.second.expires <= now; });
  cache_[workspace_id] = {now + kCacheTtl, nodes};
  return nodes;
}

}  // namespace orchestra::runtime
