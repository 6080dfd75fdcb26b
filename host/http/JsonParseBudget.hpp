// The memory all requests may spend at once on JSON documents being parsed and validated:
// concurrent large bodies could otherwise take gigabytes between them. Past the budget a request
// is answered 503 at once.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace orchestra::http {

struct JsonShape;

// What a request body costs at its peak as a text::JsonDocument: the text, the long strings
// copied out of it, 16 bytes a value and a member's name as one more, and the parser's stack,
// which holds a container's items until it closes (16 bytes an element, 32 a member, growing by
// half its size at a time). The stack's constants are json_dom_bench's measures of the densest
// shapes ([0,...]: 31 bytes an element; an object of 90,000 short members: 76 a member), rounded
// up; the estimate is never below what that benchmark measured.
inline constexpr std::int64_t kCompactBytesPerJsonValue = 16;
inline constexpr std::int64_t kStackBytesPerArrayElement = 48;
inline constexpr std::int64_t kStackBytesPerObjectMember = 96;
std::int64_t estimatedCompactParseBytes(std::size_t body_bytes, const JsonShape& shape);
// Documents estimated this large give their freed memory back to the kernel when released.
inline constexpr std::int64_t kTrimAfterBytes = std::int64_t{16} * 1024 * 1024;

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
