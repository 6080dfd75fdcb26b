// One counter time series (a family's child for one tuple of label values): a value that only
// goes up, incremented lock-free from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "host/observability/PrometheusText.hpp"

namespace orchestra::observability {

class Counter {
 public:
  static constexpr MetricType kType = MetricType::Counter;
  // Counters have nothing to configure; the family compares settings on re-registration.
  struct Settings {
    bool operator==(const Settings&) const = default;
  };

  explicit Counter(const Settings& settings = {}) noexcept;
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  void inc() noexcept { whole_.fetch_add(1, std::memory_order_relaxed); }
  // Negative and NaN amounts are ignored: a counter that went down would read as a restart.
  void inc(double amount) noexcept;

  double value() const noexcept;

  void appendSamples(std::string& out, std::string_view name, std::string_view labels) const;

 private:
  // Whole increments (nearly all of them: requests, errors, bytes) take one atomic add;
  // only fractional amounts pay for the compare-and-swap loop of an atomic double.
  std::atomic<std::uint64_t> whole_{0};
  std::atomic<double> fractional_{0.0};
};

}  // namespace orchestra::observability
