// The two metrics the HTTP layer records for every request, http_requests_total and
// http_request_duration_seconds, labelled by route, method and status.
#pragma once

#include <string_view>

#include "host/observability/MetricsRegistry.hpp"

namespace orchestra::observability {

class HttpRequestMetrics {
 public:
  // Registers (or finds) both families in `registry`, which must outlive this object.
  explicit HttpRequestMetrics(MetricsRegistry& registry = defaultRegistry());

  // `route` is the matched route template ("/api/v1/workflows/{id}"), never the raw path, so
  // the number of series stays bounded; unmatched requests should pass one fixed value such
  // as "unmatched". Allocation-free once this (route, method, status) has been seen.
  void record(std::string_view route, std::string_view method, int status, double duration_seconds);

  CounterFamily& requests() noexcept { return requests_; }
  HistogramFamily& durations() noexcept { return durations_; }

 private:
  CounterFamily& requests_;
  HistogramFamily& durations_;
};

}  // namespace orchestra::observability
