#include "host/observability/Histogram.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace orchestra::observability {

std::vector<double> defaultDurationBucketsSeconds() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
}

void Histogram::validateBucketBounds(std::string_view metric_name, std::vector<double>& bounds) {
  // Callers often copy a list that already ends in +Inf; it is implied, so drop it.
  if (!bounds.empty() && std::isinf(bounds.back()) && bounds.back() > 0) bounds.pop_back();
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i])) {
      throw std::invalid_argument("histogram \"" + std::string(metric_name) +
                                  "\": bucket bounds must be finite numbers");
    }
    if (i > 0 && !(bounds[i - 1] < bounds[i])) {
      throw std::invalid_argument("histogram \"" + std::string(metric_name) +
                                  "\": bucket bounds must be strictly increasing");
    }
  }
}

Histogram::Histogram(const Settings& settings)
    : bounds_(settings.bucket_bounds), bucket_counts_(bounds_.size() + 1) {}

void Histogram::observe(double value) noexcept {
  if (std::isnan(value)) return;
  // First bound >= value: Prometheus buckets are "less than or equal".
  const auto bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  bucket_counts_[static_cast<std::size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

std::uint64_t Histogram::count() const noexcept {
  std::uint64_t total = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    total += bucket_counts_[i].load(std::memory_order_relaxed);
  }
  return total;
}

std::vector<std::uint64_t> Histogram::bucketCounts() const {
  std::vector<std::uint64_t> counts(bounds_.size() + 1);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    counts[i] = bucket_counts_[i].load(std::memory_order_relaxed);
  }
  return counts;
}

void Histogram::appendSamples(std::string& out, std::string_view name,
                              std::string_view labels) const {
  // Read the buckets once so the cumulative series and _count agree with each other.
  const std::vector<std::uint64_t> counts = bucketCounts();
  std::string bucket_labels(labels);
  if (!bucket_labels.empty()) bucket_labels += ',';
  bucket_labels += "le=\"";
  const std::size_t le_value_start = bucket_labels.size();

  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    cumulative += counts[i];
    bucket_labels.resize(le_value_start);
    if (i < bounds_.size()) {
      appendSampleValue(bucket_labels, bounds_[i]);
    } else {
      bucket_labels += "+Inf";
    }
    bucket_labels += '"';
    appendSampleLine(out, name, "_bucket", bucket_labels, static_cast<double>(cumulative));
  }
  appendSampleLine(out, name, "_sum", labels, sum());
  appendSampleLine(out, name, "_count", labels, static_cast<double>(cumulative));
}

}  // namespace orchestra::observability
