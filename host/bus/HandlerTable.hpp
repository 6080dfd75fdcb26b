// The handlers of a bus by what they subscribed to ("*" or a channel), kept the same way by
// every backend. Not locked: the bus guards it (handlers run under its shared lock).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "host/bus/EventBus.hpp"

namespace orchestra::bus {

class HandlerTable {
 public:
  // The id to remove it by.
  std::uint64_t add(const std::string& key, EventHandler handler) {
    const std::uint64_t id = next_id_++;
    handlers_.emplace(key, std::make_pair(id, std::move(handler)));
    return id;
  }
  void remove(const std::string& key, std::uint64_t id) {
    auto [first, last] = handlers_.equal_range(key);
    for (auto it = first; it != last; ++it) {
      if (it->second.first == id) {
        handlers_.erase(it);
        return;
      }
    }
  }
  void callAll(const std::string& key, const Event& event) const {
    auto [first, last] = handlers_.equal_range(key);
    for (auto it = first; it != last; ++it)
      it->second.second(event);
  }
  bool empty() const { return handlers_.empty(); }

 private:
  std::multimap<std::string, std::pair<std::uint64_t, EventHandler>> handlers_;
  std::uint64_t next_id_ = 1;
};

}  // namespace orchestra::bus
