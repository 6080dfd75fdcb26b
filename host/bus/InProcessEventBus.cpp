#include "host/bus/InProcessEventBus.hpp"

#include <algorithm>

#include "host/bus/SequenceStart.hpp"

namespace orchestra::bus {

class InProcessEventBus::Token final : public Subscription {
 public:
  Token(InProcessEventBus& bus, std::string channel, std::uint64_t id)
      : bus_(bus), channel_(std::move(channel)), id_(id) {}
  ~Token() override {
    // The exclusive lock waits for running handlers: none runs after this returns.
    std::unique_lock lock(bus_.mutex_);
    bus_.handlers_.remove(channel_, id_);
    if (channel_ == "*") return;
    auto sequence = bus_.sequences_.find(channel_);
    if (sequence != bus_.sequences_.end() && --sequence->second->subscribers == 0) {
      bus_.forgotten_high_ = std::max(bus_.forgotten_high_, sequence->second->last);
      bus_.sequences_.erase(sequence);
    }
  }

 private:
  InProcessEventBus& bus_;
  std::string channel_;
  std::uint64_t id_;
};

InProcessEventBus::InProcessEventBus() : unnamed_sequence_(sequenceStart()) {}

void InProcessEventBus::publish(Event event) {
  std::shared_lock lock(mutex_);
  if (handlers_.empty()) return;
  const auto sequence = sequences_.find(event.channel);
  if (sequence == sequences_.end()) {
    event.seq = ++unnamed_sequence_;
    handlers_.callAll("*", event);
    return;
  }
  ChannelSequence& channel = *sequence->second;
  std::lock_guard order(channel.mutex);
  event.seq = ++channel.last;
  handlers_.callAll(event.channel, event);
  handlers_.callAll("*", event);
}

std::unique_ptr<Subscription> InProcessEventBus::subscribe(std::string channel,
                                                           EventHandler handler) {
  std::unique_lock lock(mutex_);
  if (channel != "*") {
    auto& sequence = sequences_[channel];
    if (!sequence) {
      sequence = std::make_unique<ChannelSequence>();
      sequence->last = std::max(sequenceStart(), forgotten_high_);
    }
    ++sequence->subscribers;
  }
  const std::uint64_t id = handlers_.add(channel, std::move(handler));
  return std::make_unique<Token>(*this, std::move(channel), id);
}

}  // namespace orchestra::bus
