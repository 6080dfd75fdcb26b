// The interface for metrics that are read at scrape time instead of being recorded as they
// happen (process memory and CPU, pool sizes): the registry asks every collector on exposition().
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "host/observability/PrometheusText.hpp"

namespace orchestra::observability {

struct CollectedSample {
  std::vector<std::pair<std::string, std::string>> labels;  // name, value
  double value = 0.0;
};

// A counter or gauge family as a collector sees it right now. Histograms are not collected:
// anything worth a histogram is recorded as it happens.
struct CollectedFamily {
  std::string name;
  std::string help;
  MetricType type = MetricType::Gauge;
  std::vector<CollectedSample> samples;
};

class Collector {
 public:
  virtual ~Collector() = default;
  // Called from the scraping thread, possibly concurrently with other scrapes; must not call
  // back into the registry. Families with invalid names or a name already registered are
  // dropped from the exposition.
  virtual std::vector<CollectedFamily> collect() const = 0;
};

}  // namespace orchestra::observability
