#include "host/observability/Counter.hpp"

#include <cmath>

namespace orchestra::observability {
namespace {
// Doubles hold every integer up to 2^53 exactly; larger amounts go through the double part.
constexpr double kLargestExactInteger = 9007199254740992.0;
}  // namespace

Counter::Counter(const Settings& /*settings*/) noexcept {}

void Counter::inc(double amount) noexcept {
  if (!(amount > 0.0)) return;  // also rejects NaN
  if (amount < kLargestExactInteger && std::floor(amount) == amount) {
    whole_.fetch_add(static_cast<std::uint64_t>(amount), std::memory_order_relaxed);
  } else {
    fractional_.fetch_add(amount, std::memory_order_relaxed);
  }
}

double Counter::value() const noexcept {
  return static_cast<double>(whole_.load(std::memory_order_relaxed)) +
         fractional_.load(std::memory_order_relaxed);
}

void Counter::appendSamples(std::string& out, std::string_view name,
                            std::string_view labels) const {
  appendSampleLine(out, name, "", labels, value());
}

}  // namespace orchestra::observability
