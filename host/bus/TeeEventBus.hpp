// Publishes every event on two buses and subscribes on the first. With Redis as the first and
// an in-process bus as the second, a consumer subscribed to the second hears only this
// instance's events: event triggers, which must start a workflow once, not once per instance.
#pragma once

#include "host/bus/EventBus.hpp"

namespace orchestra::bus {

// THREAD: as EventBus. Both buses must outlive this one.
class TeeEventBus final : public EventBus {
 public:
  TeeEventBus(EventBus& shared, EventBus& local) : shared_(shared), local_(local) {}

  void publish(Event event) override {
    local_.publish(event);
    shared_.publish(std::move(event));
  }
  std::unique_ptr<Subscription> subscribe(std::string channel, EventHandler handler) override {
    return shared_.subscribe(std::move(channel), std::move(handler));
  }
  std::uint64_t recoveries() const override { return shared_.recoveries(); }

 private:
  EventBus& shared_;
  EventBus& local_;
};

}  // namespace orchestra::bus
