// Fires core.trigger.event nodes: a published workflow whose trigger watches another workflow
// of its workspace starts when that one completes or fails (heard on the event bus), and one
// with a named trigger starts when that event is posted (POST /api/v1/events).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "host/bus/EventBus.hpp"
#include "host/runtime/Runtime.hpp"
#include "host/store/Database.hpp"
#include "host/store/WorkflowRepository.hpp"

namespace orchestra::runtime {

// One core.trigger.event node of a published workflow.
struct EventTriggerNode {
  std::string workflow_id;
  std::string workspace_id;
  std::string owner_id;
  std::int64_t version = 0;
  std::string node_id;
  std::string on;      // workflow_completed, workflow_failed, named
  std::string target;  // the watched workflow id, or the event name
};

// Chains end here: A → B → A ... would otherwise run forever. The depth travels in the trigger
// data ("chain_depth") of each execution an event trigger starts.
inline constexpr int kMaxEventChainDepth = 16;

class EventTriggers {
 public:
  // `database`, `runtime` and `bus` must outlive this. Nothing is heard before start().
  EventTriggers(store::Database& database, Runtime& runtime, bus::EventBus& bus);
  ~EventTriggers();
  EventTriggers(const EventTriggers&) = delete;
  EventTriggers& operator=(const EventTriggers&) = delete;

  // Subscribes to the bus's workspace execution channels and starts the thread that acts on
  // them (bus handlers must not block, so they only queue the event).
  void start();
  void stop();

  // Starts every published workflow of `workspace_id` with a named trigger for `name`, as
  // `user_id`; the trigger data is {event: "named", name, data, workspace_id}. Returns the
  // started execution ids. Errors: ApiError 503 when the queue is full, StoreError.
  std::vector<std::string> fireNamed(const std::string& workspace_id, const std::string& user_id,
                                     const std::string& name, const std::string& data_json);

 private:
  struct CachedTriggers {
    std::chrono::steady_clock::time_point expires;
    std::vector<EventTriggerNode> nodes;
  };

  void loop();
  void handle(const std::string& payload_json);
  // The workspace's event trigger nodes, read fresh or from a cache of at most kCacheTtl.
  std::vector<EventTriggerNode> triggersOf(const std::string& workspace_id, bool fresh);

  Runtime& runtime_;
  bus::EventBus& bus_;
  store::WorkflowRepository workflows_;
  std::unique_ptr<bus::Subscription> subscription_;

  std::mutex cache_mutex_;
  std::map<std::string, CachedTriggers> cache_;  // by workspace id

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> pending_;  // payloads of finished executions, oldest first
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace orchestra::runtime
