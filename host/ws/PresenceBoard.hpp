// Who is in a workspace's studio right now and what they look at: the presence part of the
// collaboration channel. Announcements travel on the event bus (so every instance learns every
// instance's collaborators) and are forgotten without a heartbeat within the TTL.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "host/bus/EventBus.hpp"

namespace orchestra::ws {

struct Presence {
  std::string connection;  // "<instance>:<client>": one entry per open studio tab
  std::string user_id;
  std::string email;
  std::optional<std::string> workflow_id;
  std::string state;  // viewing, editing, idle, left
};

class PresenceBoard {
 public:
  PresenceBoard(bus::EventBus& bus, std::chrono::milliseconds ttl);
  ~PresenceBoard();
  PresenceBoard(const PresenceBoard&) = delete;
  PresenceBoard& operator=(const PresenceBoard&) = delete;

  // This instance's part of every connection key.
  const std::string& instanceId() const { return instance_id_; }

  // Starts / stops following a workspace's presence (counted: one per local client).
  void watch(const std::string& workspace_id);
  void unwatch(const std::string& workspace_id);

  // A local client's presence (also its heartbeat); "left" when it goes. Published on
  // "workspace:<id>:collaboration" as {type: "presence", status: <state>, data: {...}}.
  void announce(const std::string& workspace_id, const Presence& presence);

  // The workspace's collaborators as a JSON array of {connection, user_id, email, workflow_id,
  // state}, and whether a presence event is already shown by it.
  std::string presentJson(const std::string& workspace_id);
  bool shows(const std::string& workspace_id, std::string_view event_json);

 private:
  struct Entry {
    Presence presence;
    std::chrono::steady_clock::time_point expires;
  };
  struct Workspace {
    int watchers = 0;
    std::map<std::string, Entry> entries;  // by connection
    std::unique_ptr<bus::Subscription> subscription;
  };

  void heard(const std::string& workspace_id, const bus::Event& event);
  void expireLoop();

  bus::EventBus& bus_;
  const std::chrono::milliseconds ttl_;
  const std::string instance_id_;

  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Workspace>> workspaces_;

  std::mutex expiry_mutex_;
  std::condition_variable expiry_wake_;
  bool stopping_ = false;
  std::thread expiry_;
};

// The presence event's JSON.
std::string presenceEvent(const Presence& presence);

}  // namespace orchestra::ws
