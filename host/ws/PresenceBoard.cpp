#include "host/ws/PresenceBoard.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timestamp.h>
#include <Poco/UUIDGenerator.h>

#include <vector>

#include "host/text/JsonWriter.hpp"

namespace orchestra::ws {

namespace {

std::string channelOf(const std::string& workspace_id) {
  return "workspace:" + workspace_id + ":collaboration";
}

std::optional<Presence> parsePresence(std::string_view event_json) {
  try {
    Poco::JSON::Parser parser;
    const auto object = parser.parse(std::string(event_json)).extract<Poco::JSON::Object::Ptr>();
    if (object->optValue<std::string>("type", "") != "presence") return std::nullopt;
    const auto data = object->getObject("data");
    if (!data) return std::nullopt;
    Presence presence;
    presence.state = object->optValue<std::string>("status", "");
    presence.connection = data->optValue<std::string>("connection", "");
    presence.user_id = data->optValue<std::string>("user_id", "");
    presence.email = data->optValue<std::string>("email", "");
    if (data->has("workflow_id") && !data->isNull("workflow_id")) {
      presence.workflow_id = data->getValue<std::string>("workflow_id");
    }
    if (presence.connection.empty()) return std::nullopt;
    return presence;
  } catch (...) {
    return std::nullopt;
  }
}

void writePresenceData(text::JsonWriter& json, const Presence& presence) {
  json.field("connection", presence.connection)
      .field("user_id", presence.user_id)
      .field("email", presence.email)
      .key("workflow_id");
  if (presence.workflow_id) {
    json.value(*presence.workflow_id);
  } else {
    json.null();
  }
}

}  // namespace

std::string presenceEvent(const Presence& presence) {
  text::JsonWriter json;
  json.beginObject()
      .field("type", "presence")
      .key("execution_id")
      .null()
      .key("node_id")
      .null()
      .field("status", presence.state)
      .field("timestamp",
             Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ"))
      .key("data")
      .beginObject();
  writePresenceData(json, presence);
  json.endObject().endObject();
  return std::move(json).finish();
}

PresenceBoard::PresenceBoard(bus::EventBus& bus, std::chrono::milliseconds ttl)
    : bus_(bus),
      ttl_(ttl),
      instance_id_(Poco::UUIDGenerator::defaultGenerator().createRandom().toString().substr(0, 8)) {
  expiry_ = std::thread([this] { expireLoop(); });
}

PresenceBoard::~PresenceBoard() {
  {
    std::lock_guard lock(expiry_mutex_);
    stopping_ = true;
  }
  expiry_wake_.notify_all();
  expiry_.join();
  std::vector<std::unique_ptr<bus::Subscription>> subscriptions;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, workspace] : workspaces_)
      subscriptions.push_back(std::move(workspace->subscription));
  }
}

void PresenceBoard::watch(const std::string& workspace_id) {
  std::lock_guard lock(mutex_);
  auto& workspace = workspaces_[workspace_id];
  if (!workspace) {
    workspace = std::make_shared<Workspace>();
    workspace->subscription = bus_.subscribe(
        channelOf(workspace_id),
        [this, workspace_id](const bus::Event& event) { heard(workspace_id, event); });
  }
  ++workspace->watchers;
}

void PresenceBoard::unwatch(const std::string& workspace_id) {
  std::unique_ptr<bus::Subscription> subscription;
  {
    std::lock_guard lock(mutex_);
    auto found = workspaces_.find(workspace_id);
    if (found == workspaces_.end()) return;
    if (--found->second->watchers > 0) return;
    subscription = std::move(found->second->subscription);
    workspaces_.erase(found);
  }
  // Destroyed outside the lock: its handler takes the lock.
  subscription.reset();
}

void PresenceBoard::announce(const std::string& workspace_id, const Presence& presence) {
  bus_.publish({channelOf(workspace_id), presenceEvent(presence)});
}

void PresenceBoard::heard(const std::string& workspace_id, const bus::Event& event) {
  auto presence = parsePresence(event.payload_json);
  if (!presence) return;
  std::lock_guard lock(mutex_);
  auto found = workspaces_.find(workspace_id);
  if (found == workspaces_.end()) return;
  auto& entries = found->second->entries;
  if (presence->state == "left") {
    entries.erase(presence->connection);
    return;
  }
  const std::string key = presence->connection;
  entries[key] = Entry{std::move(*presence), std::chrono::steady_clock::now() + ttl_};
}

std::string PresenceBoard::presentJson(const std::string& workspace_id) {
  text::JsonWriter json;
  json.beginArray();
  std::lock_guard lock(mutex_);
  auto found = workspaces_.find(workspace_id);
  if (found != workspaces_.end()) {
    for (const auto& [connection, entry] : found->second->entries) {
      json.beginObject();
      writePresenceData(json, entry.presence);
      json.field("state", entry.presence.state).endObject();
    }
  }
  json.endArray();
  return std::move(json).finish();
}

bool PresenceBoard::shows(const std::string& workspace_id, std::string_view event_json) {
  auto presence = parsePresence(event_json);
  if (!presence) return false;
  std::lock_guard lock(mutex_);
  auto found = workspaces_.find(workspace_id);
  if (found == workspaces_.end()) return false;
  auto entry = found->second->entries.find(presence->connection);
  if (presence->state == "left") return entry == found->second->entries.end();
  return entry != found->second->entries.end() && entry->second.presence.state == presence->state &&
         entry->second.presence.workflow_id == presence->workflow_id;
}

void PresenceBoard::expireLoop() {
  std::unique_lock lock(expiry_mutex_);
  while (!stopping_) {
    expiry_wake_.wait_for(lock, std::min(ttl_ / 4, std::chrono::milliseconds(1000)));
    if (stopping_) break;
    lock.unlock();
    // A collaborator silent for the TTL has left (a closed laptop, a dead instance): say so, so
    // that every studio drops them. Several instances may say it; "left" twice is harmless.
    std::vector<std::pair<std::string, Presence>> gone;
    {
      std::lock_guard board_lock(mutex_);
      const auto now = std::chrono::steady_clock::now();
      for (auto& [workspace_id, workspace] : workspaces_) {
        for (auto it = workspace->entries.begin(); it != workspace->entries.end();) {
          if (it->second.expires <= now) {
            gone.emplace_back(workspace_id, it->second.presence);
            it = workspace->entries.erase(it);
          } else {
            ++it;
          }
        }
      }
    }
    for (auto& [workspace_id, presence] : gone) {
      presence.state = "left";
      announce(workspace_id, presence);
    }
    lock.lock();
  }
}

}  // namespace orchestra::ws
