// One gauge time series (a family's child for one tuple of label values): a value that goes up
// and down (connections open, queue depth), set or adjusted lock-free from any thread.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "host/observability/PrometheusText.hpp"

namespace orchestra::observability {

class Gauge {
 public:
  static constexpr MetricType kType = MetricType::Gauge;
  // Gauges have nothing to configure; the family compares settings on re-registration.
  struct Settings {
    bool operator==(const Settings&) const = default;
  };

  explicit Gauge(const Settings& settings = {}) noexcept;
  Gauge(const Gauge&) = delete;
  Gauge& operator=(const Gauge&) = delete;

  void set(double value) noexcept { value_.store(value, std::memory_order_relaxed); }
  void add(double amount) noexcept { value_.fetch_add(amount, std::memory_order_relaxed); }
  void inc() noexcept { add(1.0); }
  void dec() noexcept { add(-1.0); }

  double value() const noexcept { return value_.load(std::memory_order_relaxed); }

  void appendSamples(std::string& out, std::string_view name, std::string_view labels) const;

 private:
  std::atomic<double> value_{0.0};
};

}  // namespace orchestra::observability
