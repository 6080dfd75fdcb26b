// The event bus every state change is published on: the runtime publishes, WebSocket channels
// and waiting callers subscribe. One interface; in-process by default, Redis when several
// instances share the work (the realtime issue adds that backend behind the same interface).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace orchestra::bus {

// The plan's message shape is the payload's business ({type, execution_id, node_id, status,
// timestamp, data}); the bus carries JSON text on named channels ("execution:<id>").
struct Event {
  std::string channel;
  std::string payload_json;
};

using EventHandler = std::function<void(const Event& event)>;

// Unsubscribes when destroyed. Handlers never run after that returns.
class Subscription {
 public:
  virtual ~Subscription() = default;
};

// THREAD: publish and subscribe from any thread. Handlers run on the publishing thread (in
// process) and must be quick and never block: copy the event and hand it to a queue.
class EventBus {
 public:
  virtual ~EventBus() = default;
  virtual void publish(const Event& event) = 0;
  // `channel` exactly, or every channel with "*".
  virtual std::unique_ptr<Subscription> subscribe(std::string channel, EventHandler handler) = 0;
};

}  // namespace orchestra::bus
