#include "host/observability/Metrics.hpp"

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <set>
#include <utility>

#include "host/observability/ProcessCollector.hpp"

namespace orchestra::observability {

Metrics::Metrics() : registry_(std::make_shared<prometheus::Registry>()) {}

Metrics::~Metrics() = default;

void Metrics::addCollector(std::shared_ptr<const prometheus::Collectable> collector) {
  if (!collector) return;
  std::lock_guard lock(collectors_mutex_);
  collectors_.push_back(std::move(collector));
}

std::string Metrics::exposition() const {
  std::vector<std::shared_ptr<const prometheus::Collectable>> collectors;
  {
    std::lock_guard lock(collectors_mutex_);
    collectors = collectors_;
  }
  std::vector<prometheus::MetricFamily> families = registry_->Collect();
  std::set<std::string, std::less<>> names;
  for (const prometheus::MetricFamily& family : families)
    names.insert(family.name);
  for (const auto& collector : collectors) {
    for (prometheus::MetricFamily& family : collector->Collect()) {
      if (names.insert(family.name).second) families.push_back(std::move(family));
    }
  }
  return prometheus::TextSerializer().Serialize(families);
}

Metrics& defaultMetrics() {
  static Metrics* const metrics = [] {
    auto* created = new Metrics();
    created->addCollector(std::make_shared<ProcessCollector>());
    return created;
  }();
  return *metrics;
}

}  // namespace orchestra::observability
