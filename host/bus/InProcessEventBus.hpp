// The event bus of a single instance: publishing calls each subscriber of the channel in turn,
// on the publisher's thread, with no copy of the event per subscriber.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "host/bus/EventBus.hpp"

namespace orchestra::bus {

class InProcessEventBus final : public EventBus {
 public:
  InProcessEventBus() = default;
  ~InProcessEventBus() override = default;

  void publish(const Event& event) override;
  std::unique_ptr<Subscription> subscribe(std::string channel, EventHandler handler) override;

 private:
  class Token;

  // channel → (subscription id, handler). A shared lock while publishing: publishers on
  // different executions never wait for each other.
  std::shared_mutex mutex_;
  std::multimap<std::string, std::pair<std::uint64_t, EventHandler>> by_channel_;
  std::uint64_t next_id_ = 1;
};

}  // namespace orchestra::bus
