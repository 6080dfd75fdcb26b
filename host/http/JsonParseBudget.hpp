// The memory all requests may spend at once on JSON documents being parsed and validated: a large
// body costs up to ~1 KiB per value while it is a Poco document, so concurrent large bodies could
// otherwise take gigabytes between them. Past the budget a request is answered 503 at once.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace orchestra::http {

// What parsing `body_bytes` of JSON holding `values` values is expected to cost at its peak:
// the text, its copy for the parser, and Poco's document (an empty object's std::deque of keys
// alone allocates 512 bytes). Measured with tests/bench/json_body_memory.py: up to ~930 bytes per
// value on POST /api/v1/workflows, all of the request included; rounded up.
inline constexpr std::int64_t kEstimatedBytesPerJsonValue = 1024;
// Documents estimated this large give their freed memory back to the kernel when released.
inline constexpr std::int64_t kTrimAfterBytes = std::int64_t{16} * 1024 * 1024;
std::int64_t estimatedJsonParseBytes(std::size_t body_bytes, std::size_t values);

class JsonParseBudget {
 public:
  // `budget_bytes` <= 0: no budget (every reservation succeeds).
  explicit JsonParseBudget(std::int64_t budget_bytes) : budget_bytes_(budget_bytes) {}

  // Holds `bytes` of the budget until destroyed; `granted()` is false when it did not fit. A
  // request that alone exceeds the budget is still granted when nothing else is in flight, so
  // the budget never refuses what the per-request limits allow. Destroy it after the document:
  // a large reservation then returns the freed memory to the kernel (malloc_trim).
  class Reservation {
   public:
    Reservation(JsonParseBudget& budget, std::int64_t bytes);
    ~Reservation();
    Reservation(const Reservation&) = delete;
    Reservation& operator=(const Reservation&) = delete;
    bool granted() const { return granted_; }

   private:
    JsonParseBudget& budget_;
    std::int64_t bytes_;
    bool granted_ = false;
  };

  std::int64_t inFlightBytes() const { return in_flight_bytes_.load(); }

 private:
  std::int64_t budget_bytes_;
  std::atomic<std::int64_t> in_flight_bytes_{0};
};

}  // namespace orchestra::http
