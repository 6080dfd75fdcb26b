#include "host/api/RealtimeSnapshots.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <utility>

#include "host/store/Timestamp.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::api {

namespace {

constexpr std::int64_t kActiveListed = 500;  // active execution ids listed per workspace

void optionalField(text::JsonWriter& json, const char* name,
                   const std::optional<std::string>& value) {
  json.key(name);
  if (value) {
    json.value(*value);
  } else {
    json.null();
  }
}

// The event's type, status, node id and scope, or nullopt when it is not JSON.
struct EventFacts {
  std::string type;
  std::string status;
  std::string execution_id;
  std::string node_id;
  std::string scope;
};

std::optional<EventFacts> factsOf(std::string_view event_json) {
  try {
    Poco::JSON::Parser parser;
    const auto object = parser.parse(std::string(event_json)).extract<Poco::JSON::Object::Ptr>();
    EventFacts facts;
    facts.type = object->optValue<std::string>("type", "");
    facts.status = object->optValue<std::string>("status", "");
    facts.execution_id = object->optValue<std::string>("execution_id", "");
    if (object->has("node_id") && !object->isNull("node_id")) {
      facts.node_id = object->getValue<std::string>("node_id");
    }
    if (const auto data = object->getObject("data")) {
      facts.scope = data->optValue<std::string>("scope", "");
    }
    return facts;
  } catch (...) {
    return std::nullopt;
  }
}

// The statuses a snapshot showed, keyed by (node id, scope); ("", "") is the execution's.
// Events arrive in order, so for each key the events older than the snapshot come first, then
// the one that produced the status it showed (its echo), then newer ones: every event up to
// and including the echo is already reflected, none after it.
struct ShownStates {
  std::mutex mutex;
  std::map<std::pair<std::string, std::string>, std::string> states;

  bool consume(const std::pair<std::string, std::string>& key, const std::string& status) {
    std::lock_guard lock(mutex);
    const auto found = states.find(key);
    if (found == states.end()) return false;
    if (statusStage(status) < statusStage(found->second)) return true;  // older than shown
    const bool echo = status == found->second;
    states.erase(found);  // from here on every event for the key is news
    return echo;
  }
};

}  // namespace

void beginUnscopedMessage(text::JsonWriter& json, std::string_view type) {
  json.beginObject()
      .field("type", type)
      .key("execution_id")
      .null()
      .key("node_id")
      .null()
      .key("status")
      .null()
      .field("timestamp", store::utcNowTimestamp())
      .key("data")
      .beginObject();
}

int statusStage(const std::string& status) {
  if (status == "pending" || status == "queued") return 0;
  if (status == "running" || status == "retrying") return 1;
  return 2;  // completed, failed, cancelled, skipped, timed out: finished
}

ws::Snapshot executionSnapshot(const runtime::ExecutionDetail& detail) {
  const store::ExecutionRecord& execution = detail.execution;
  text::JsonWriter json;
  json.beginObject()
      .field("type", "snapshot")
      .field("execution_id", execution.id)
      .key("node_id")
      .null()
      .field("status", execution.status)
      .field("timestamp", store::utcNowTimestamp())
      .key("data")
      .beginObject()
      .field("workflow_id", execution.workflow_id)
      .field("workspace_id", execution.workspace_id);
  optionalField(json, "trigger_type", execution.trigger_type);
  optionalField(json, "start_time", execution.start_time);
  optionalField(json, "end_time", execution.end_time);
  optionalField(json, "error_message", execution.error_message);
  json.key("nodes").beginArray();
  auto shown = std::make_shared<ShownStates>();
  for (const auto& node : detail.nodes) {
    json.beginObject()
        .field("node_id", node.node_id)
        .field("scope", node.scope)
        .field("status", node.status);
    optionalField(json, "start_time", node.start_time);
    optionalField(json, "end_time", node.end_time);
    optionalField(json, "error_message", node.error_message);
    json.field("retry_count", node.retry_count).endObject();
    shown->states[{node.node_id, node.scope}] = node.status;
  }
  json.endArray().endObject().endObject();
  shown->states[{"", ""}] = execution.status;

  ws::Snapshot snapshot;
  snapshot.message_json = std::move(json).finish();
  snapshot.already_reflected = [shown](std::string_view event_json) {
    const auto facts = factsOf(event_json);
    if (!facts) return false;
    if (facts->type == "execution_status") return shown->consume({"", ""}, facts->status);
    if (facts->type == "node_status") {
      return shown->consume({facts->node_id, facts->scope}, facts->status);
    }
    return false;  // log lines and streamed text are not part of the snapshot
  };
  return snapshot;
}

ws::Snapshot analyticsSnapshot(runtime::ExecutionQueries& executions, const auth::Caller& caller,
                               const std::vector<std::string>& workspace_ids) {
  const std::string day_ago = store::utcTimestampFromNow(-std::int64_t{24} * 3600);
  auto active_stages = std::make_shared<std::map<std::string, int>>();
  text::JsonWriter json;
  beginUnscopedMessage(json, "analytics_snapshot");
  json.key("workspaces").beginArray();
  for (const std::string& workspace_id : workspace_ids) {
    auth::Caller member_of_one(caller.userId(), caller.email(), caller.sessionId(),
                               {*caller.membership(workspace_id)});
    const auto count = [&](const char* status, bool recent, std::int64_t listed,
                           std::vector<std::string>* ids) {
      runtime::ExecutionFilter filter;
      filter.status = status;
      if (recent) filter.created_after = day_ago;
      filter.limit = std::max<std::int64_t>(listed, 1);
      const store::ExecutionPage page = executions.list(member_of_one, filter);
      if (ids != nullptr) {
        for (const auto& row : page.rows) {
          ids->push_back(row.id);
          (*active_stages)[row.id] = statusStage(row.status);
        }
      }
      return page.total;
    };
    std::vector<std::string> active;
    const std::int64_t running = count("running", false, kActiveListed, &active);
    const std::int64_t pending = count("pending", false, kActiveListed, &active);
    json.beginObject()
        .field("workspace_id", workspace_id)
        .field("running", running)
        .field("pending", pending)
        .field("completed_24h", count("completed", true, 1, nullptr))
        .field("failed_24h", count("failed", true, 1, nullptr))
        .key("active")
        .beginArray();
    for (const std::string& id : active)
      json.value(id);
    json.endArray().endObject();
  }
  json.endArray().endObject().endObject();

  ws::Snapshot snapshot;
  snapshot.message_json = std::move(json).finish();
  // A status event for an execution the snapshot lists at that stage or later is in it; one
  // that finished while the snapshot was read (not listed, finished) is in its counts too.
  // An execution first heard of after the snapshot is followed from then on, so its end is news.
  auto mutex = std::make_shared<std::mutex>();
  snapshot.already_reflected = [active_stages, mutex](std::string_view event_json) {
    const auto facts = factsOf(event_json);
    if (!facts || facts->type != "execution_status") return false;
    const int stage = statusStage(facts->status);
    std::lock_guard lock(*mutex);
    auto found = active_stages->find(facts->execution_id);
    if (found == active_stages->end()) {
      if (stage == 2) return true;
      active_stages->emplace(facts->execution_id, stage);
      return false;
    }
    if (found->second >= stage) return true;
    found->second = stage;
    return false;
  };
  return snapshot;
}

}  // namespace orchestra::api
