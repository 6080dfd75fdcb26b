#include "host/http/JsonParseBudget.hpp"

#include <malloc.h>

#include "host/http/JsonBody.hpp"

namespace orchestra::http {

std::int64_t estimatedCompactParseBytes(std::size_t body_bytes, const JsonShape& shape) {
  const auto bytes = [](std::size_t count, std::int64_t each) {
    return static_cast<std::int64_t>(count) * each;
  };
  return bytes(body_bytes + shape.long_string_bytes, 1) +
         bytes(shape.values + shape.members, kCompactBytesPerJsonValue) +
         bytes(shape.largest_array, kStackBytesPerArrayElement) +
         bytes(shape.largest_object, kStackBytesPerObjectMember);
}

JsonParseBudget::Reservation::Reservation(JsonParseBudget& budget, std::int64_t bytes)
    : budget_(budget), bytes_(bytes) {
  if (budget_.budget_bytes_ <= 0) {
    granted_ = true;
    bytes_ = 0;
    return;
  }
  std::int64_t in_flight = budget_.in_flight_bytes_.load();
  while (true) {
    if (in_flight > 0 && in_flight + bytes_ > budget_.budget_bytes_) return;
    if (budget_.in_flight_bytes_.compare_exchange_weak(in_flight, in_flight + bytes_)) break;
  }
  granted_ = true;
}

JsonParseBudget::Reservation::~Reservation() {
  if (granted_ && bytes_ > 0) budget_.in_flight_bytes_.fetch_sub(bytes_);
  // glibc keeps what a large document freed in the worker thread's arena (measured: one
  // 100,000-value body left the RSS 167 MB higher for good); trimming hands it back to the
  // kernel, at a cost (a few milliseconds) only requests this large pay.
  if (bytes_ >= kTrimAfterBytes) malloc_trim(0);
}

}  // namespace orchestra::http
