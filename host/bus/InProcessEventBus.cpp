#include "host/bus/InProcessEventBus.hpp"

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
  }

 private:
  InProcessEventBus& bus_;
  std::string channel_;
  std::uint64_t id_;
};

void InProcessEventBus::publish(const Event& event) {
  std::shared_lock lock(mutex_);
  if (by_channel_.empty()) return;
  auto [first, last] = by_channel_.equal_range(event.channel);
  for (auto it = first; it != last; ++it)
    it->second.second(event);
  auto [all_first, all_last] = by_channel_.equal_range("*");
  for (auto it = all_first; it != all_last; ++it)
    it->second.second(event);
}

std::unique_ptr<Subscription> InProcessEventBus::subscribe(std::string channel,
                                                           EventHandler handler) {
  std::unique_lock lock(mutex_);
  const std::uint64_t id = next_id_++;
  by_channel_.emplace(channel, std::make_pair(id, std::move(handler)));
  return std::make_unique<Token>(*this, std::move(channel), id);
}

}  // namespace orchestra::bus
