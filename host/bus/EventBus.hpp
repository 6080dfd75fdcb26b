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
  // The channel's sequence number, assigned by the bus when the event is published and the
  // same on every instance that receives it (0 in an event not yet published). Numbers only
  // grow: a channel's counter starts at the publishing clock's microseconds since the epoch,
  // so a counter forgotten and started again (no subscriber for a while, a host restarted, an
  // execution taken over by another instance) still continues above the numbers sent before.
  // WebSocket clients resume with `?after=SEQ`.
  std::uint64_t seq = 0;
};

using EventHandler = std::function<void(const Event& event)>;

// Unsubscribes when destroyed. Handlers never run after that returns.
class Subscription {
 public:
  virtual ~Subscription() = default;
};

// THREAD: publish and subscribe from any thread. Handlers run on the publishing thread (in
// process) or the bus's receiving thread (Redis) and must be quick and never block: copy the
// event and hand it to a queue. Handlers of one channel see its events in sequence order.
class EventBus {
 public:
  virtual ~EventBus() = default;
  virtual void publish(Event event) = 0;
  // `channel` exactly, or every channel with "*".
  virtual std::unique_ptr<Subscription> subscribe(std::string channel, EventHandler handler) = 0;
  // Grows each time the bus recovered from a loss (Redis reconnected): events published during
  // the loss may never arrive, so subscribers that show state read it afresh. In process: 0.
  virtual std::uint64_t recoveries() const { return 0; }
};

}  // namespace orchestra::bus
