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
    auto [first, last] = bus_.by_channel_.equal_range(channel_);
    for (auto it = first; it != last; ++it) {
      if (it->second.first == id_) {
        bus_.by_channel_.erase(it);
        break;
      }
    }
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
  if (by_channel_.empty()) return;
  const auto callAll = [this](const Event& numbered, const std::string& channel) {
    auto [first, last] = by_channel_.equal_range(channel);
    for (auto it = first; it != last; ++it)
      it->second.second(numbered);
  };
  const auto sequence = sequences_.find(event.channel);
  if (sequence == sequences_.end()) {
    event.seq = ++unnamed_sequence_;
    callAll(event, "*");
    return;
  }
  ChannelSequence& channel = *sequence->second;
  std::lock_guard order(channel.mutex);
  event.seq = ++channel.last;
  callAll(event, event.channel);
  callAll(event, "*");
}

std::unique_ptr<Subscription> InProcessEventBus::subscribe(std::string channel,
                                                           EventHandler handler) {
  std::unique_lock lock(mutex_);
  const std::uint64_t id = next_id_++;
  if (channel != "*") {
    auto& sequence = sequences_[channel];
    if (!sequence) {
      sequence = std::make_unique<ChannelSequence>();
      sequence->last = std::max(sequenceStart(), forgotten_high_);
    }
    ++sequence->subscribers;
  }
  by_channel_.emplace(channel, std::make_pair(id, std::move(handler)));
  return std::make_unique<Token>(*this, std::move(channel), id);
}

}  // namespace orchestra::bus
