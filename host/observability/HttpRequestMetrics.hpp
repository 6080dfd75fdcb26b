// The two metrics the HTTP layer records for every request, http_requests_total and
// http_request_duration_seconds, labelled by route, method and status.
#pragma once

#include <cstddef>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "host/observability/Metrics.hpp"

namespace prometheus {
class Counter;
class Histogram;
template <typename T>
class Family;
}  // namespace prometheus

namespace orchestra::observability {

class HttpRequestMetrics {
 public:
  // Registers (or finds) both families in `metrics`' registry and keeps that registry alive.
  explicit HttpRequestMetrics(Metrics& metrics = defaultMetrics());
  ~HttpRequestMetrics();
  HttpRequestMetrics(const HttpRequestMetrics&) = delete;
  HttpRequestMetrics& operator=(const HttpRequestMetrics&) = delete;

  // `route` is the matched route template ("/api/v1/workflows/{id}"), never the raw path, so
  // the number of series stays bounded; unmatched requests should pass one fixed value such
  // as "unmatched". The first request of a (route, method, status) creates its two series;
  // every later one finds them in a hash map under a shared lock, without allocating.
  void record(std::string_view route, std::string_view method, int status, double duration_seconds);

 private:
  struct Series {
    prometheus::Counter* requests;
    prometheus::Histogram* duration;
  };
  struct SeriesKey {
    std::string route;
    std::string method;
    int status;
  };
  struct SeriesKeyView {
    std::string_view route;
    std::string_view method;
    int status;
  };
  // Transparent, so that a lookup hashes the caller's views instead of building a SeriesKey.
  struct SeriesKeyHash {
    using is_transparent = void;
    std::size_t operator()(const SeriesKeyView& key) const noexcept;
    std::size_t operator()(const SeriesKey& key) const noexcept;
  };
  struct SeriesKeyEqual {
    using is_transparent = void;
    template <typename Left, typename Right>
    bool operator()(const Left& left, const Right& right) const noexcept {
      return left.status == right.status && left.route == right.route &&
             left.method == right.method;
    }
  };

  Series seriesFor(const SeriesKeyView& key);
  Series addSeries(const SeriesKeyView& key);

  std::shared_ptr<prometheus::Registry> registry_;  // owns the families and their series
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& durations_;
  const std::vector<double> bucket_bounds_;
  std::shared_mutex series_mutex_;
  std::unordered_map<SeriesKey, Series, SeriesKeyHash, SeriesKeyEqual> series_;
};

}  // namespace orchestra::observability
