// Where a channel's sequence numbers start: the clock's microseconds since the epoch, so that a
// counter started again (forgotten, or on another host) continues above the numbers sent before.
#pragma once

#include <chrono>
#include <cstdint>

namespace orchestra::bus {

inline std::uint64_t sequenceStart() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

}  // namespace orchestra::bus
