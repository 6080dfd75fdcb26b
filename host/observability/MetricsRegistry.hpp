// The metrics every area of the host registers (HTTP requests, store queries, runs) and the
// Prometheus text the /metrics endpoint serves; one process-wide default plus test instances.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "host/observability/Collector.hpp"
#include "host/observability/Counter.hpp"
#include "host/observability/Family.hpp"
#include "host/observability/Gauge.hpp"
#include "host/observability/Histogram.hpp"
#include "host/observability/MetricFamily.hpp"

namespace orchestra::observability {

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

class MetricsRegistry {
 public:
  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Registers a family or returns the one already registered under `name` when its type,
  // label names (and bucket bounds) are the same; the first help text wins. Throws
  // std::invalid_argument when the name or a label name is invalid, or when `name` is taken
  // by a family of another type or other labels. Returned references live as long as the
  // registry. Registration is for start-up, not for the request path.
  CounterFamily& counter(std::string_view name, std::string_view help,
                         std::vector<std::string> label_names = {});
  GaugeFamily& gauge(std::string_view name, std::string_view help,
                     std::vector<std::string> label_names = {});
  HistogramFamily& histogram(std::string_view name, std::string_view help,
                             std::vector<std::string> label_names = {},
                             std::vector<double> bucket_bounds = defaultDurationBucketsSeconds());

  // Collectors are asked on every exposition(), after the registered families are rendered.
  void addCollector(std::shared_ptr<const Collector> collector);

  // Prometheus text format 0.0.4 (serve with kPrometheusContentType): families ordered by name,
  // children by label values.
  std::string exposition() const;

 private:
  template <typename Child>
  Family<Child>& registerFamily(std::string_view name, std::string_view help,
                                std::vector<std::string> label_names,
                                typename Child::Settings settings);

  mutable std::mutex mutex_;  // registration and scrapes only; recording never takes it
  std::map<std::string, std::unique_ptr<MetricFamily>, std::less<>> families_;
  std::vector<std::shared_ptr<const Collector>> collectors_;
};

// The registry the host serves on /metrics, with the process collector already added. Never
// destroyed, so threads still recording during shutdown cannot touch a dead registry.
MetricsRegistry& defaultRegistry();

}  // namespace orchestra::observability
