// One histogram time series (a family's child for one tuple of label values): observations
// counted into fixed buckets plus their sum, recorded lock-free from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "host/observability/PrometheusText.hpp"

namespace orchestra::observability {

// 0.5 ms .. 10 s: an API whose cheap endpoints answer in ~100 µs still separates "fast" from
// "slow" in the lowest buckets, and timeouts land below the top one.
std::vector<double> defaultDurationBucketsSeconds();

class Histogram {
 public:
  static constexpr MetricType kType = MetricType::Histogram;
  struct Settings {
    // Upper bounds ("le"), strictly increasing and finite; +Inf is always added. Validated by
    // validateBucketBounds() when the family is registered.
    std::vector<double> bucket_bounds = defaultDurationBucketsSeconds();
    bool operator==(const Settings&) const = default;
  };

  // Throws std::invalid_argument naming the metric when the bounds are unusable.
  static void validateBucketBounds(std::string_view metric_name, std::vector<double>& bounds);

  // `settings` must outlive the histogram (the family owns both).
  explicit Histogram(const Settings& settings);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  // NaN observations are ignored: one would turn the sum into NaN for good.
  void observe(double value) noexcept;

  std::uint64_t count() const noexcept;
  double sum() const noexcept { return sum_.load(std::memory_order_relaxed); }
  // Per-bucket (not cumulative) counts; the last entry is the +Inf bucket.
  std::vector<std::uint64_t> bucketCounts() const;

  void appendSamples(std::string& out, std::string_view name, std::string_view labels) const;

 private:
  std::span<const double> bounds_;
  // bounds_.size() + 1 entries; kept per bucket, not cumulative, so observe() touches one
  // counter. The total count is their sum, which keeps _count equal to the +Inf bucket.
  std::vector<std::atomic<std::uint64_t>> bucket_counts_;
  std::atomic<double> sum_{0.0};
};

}  // namespace orchestra::observability
