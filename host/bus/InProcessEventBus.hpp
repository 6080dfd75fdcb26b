// The event bus of a single instance: publishing calls each subscriber of the channel in turn,
// on the publisher's thread, with no copy of the event per subscriber. Sequence numbers are
// kept only for channels someone listens to, so finished executions leave no counter behind.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "host/bus/EventBus.hpp"
#include "host/bus/HandlerTable.hpp"

namespace orchestra::bus {

class InProcessEventBus final : public EventBus {
 public:
  InProcessEventBus();
  ~InProcessEventBus() override = default;

  void publish(Event event) override;
  std::unique_ptr<Subscription> subscribe(std::string channel, EventHandler handler) override;

 private:
  class Token;

  // A shared lock while publishing: publishers on different executions never wait for each
  // other.
  std::shared_mutex mutex_;
  HandlerTable handlers_;
  // Channels with a subscriber by name → their sequence: publishing numbers the event and calls
  // its handlers under the channel's own lock, so handlers see a channel's events in order and
  // publishers on different channels never wait for each other.
  struct ChannelSequence {
    std::mutex mutex;
    std::uint64_t last = 0;
    int subscribers = 0;
  };
  std::unordered_map<std::string, std::unique_ptr<ChannelSequence>> sequences_;
  // The highest number a forgotten channel reached: a channel heard again starts above it even
  // when more than a million events a second outran the clock.
  std::uint64_t forgotten_high_ = 0;
  // Numbers events on channels only "*" subscribers see (they need no per-channel order).
  std::atomic<std::uint64_t> unnamed_sequence_;
};

}  // namespace orchestra::bus
