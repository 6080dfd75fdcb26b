#include "host/observability/HttpRequestMetrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <charconv>
#include <cmath>
#include <functional>
#include <mutex>

namespace orchestra::observability {
namespace {

// 0.5 ms .. 10 s: an API whose cheap endpoints answer in ~100 µs still separates "fast" from
// "slow" in the lowest buckets, and timeouts land below the top one.
std::vector<double> durationBucketsSeconds() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
}

}  // namespace

std::size_t HttpRequestMetrics::SeriesKeyHash::operator()(const SeriesKeyView& key) const noexcept {
  std::size_t hash = std::hash<std::string_view>{}(key.route);
  hash = hash * 31 + std::hash<std::string_view>{}(key.method);
  return hash * 31 + static_cast<std::size_t>(key.status);
}

std::size_t HttpRequestMetrics::SeriesKeyHash::operator()(const SeriesKey& key) const noexcept {
  return (*this)(SeriesKeyView{key.route, key.method, key.status});
}

HttpRequestMetrics::HttpRequestMetrics(Metrics& metrics)
    : registry_(metrics.sharedRegistry()),
      requests_(prometheus::BuildCounter()
                    .Name("http_requests_total")
                    .Help("HTTP requests answered.")
                    .Register(*registry_)),
      durations_(prometheus::BuildHistogram()
                     .Name("http_request_duration_seconds")
                     .Help("Time from request read to response written, in seconds.")
                     .Register(*registry_)),
      bucket_bounds_(durationBucketsSeconds()) {}

HttpRequestMetrics::~HttpRequestMetrics() = default;

void HttpRequestMetrics::record(std::string_view route, std::string_view method, int status,
                                double duration_seconds) {
  const Series series = seriesFor(SeriesKeyView{route, method, status});
  series.requests->Increment();
  // One NaN would turn the histogram's sum into NaN for good.
  if (!std::isnan(duration_seconds)) series.duration->Observe(duration_seconds);
}

HttpRequestMetrics::Series HttpRequestMetrics::seriesFor(const SeriesKeyView& key) {
  {
    std::shared_lock lock(series_mutex_);
    if (const auto found = series_.find(key); found != series_.end()) return found->second;
  }
  return addSeries(key);
}

HttpRequestMetrics::Series HttpRequestMetrics::addSeries(const SeriesKeyView& key) {
  std::unique_lock lock(series_mutex_);
  // Another thread may have added the same key between our two locks.
  if (const auto found = series_.find(key); found != series_.end()) return found->second;
  std::array<char, 12> digits{};
  const auto written = std::to_chars(digits.data(), digits.data() + digits.size(), key.status);
  const prometheus::Labels labels{{"route", std::string(key.route)},
                                  {"method", std::string(key.method)},
                                  {"status", std::string(digits.data(), written.ptr)}};
  // Family::Add returns the series already there when another HttpRequestMetrics on the same
  // registry created it first, so both count into one series.
  const Series series{&requests_.Add(labels), &durations_.Add(labels, bucket_bounds_)};
  series_.emplace(SeriesKey{std::string(key.route), std::string(key.method), key.status}, series);
  return series;
}

}  // namespace orchestra::observability
