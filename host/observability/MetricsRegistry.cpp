#include "host/observability/MetricsRegistry.hpp"

#include <stdexcept>
#include <utility>

#include "host/observability/ProcessCollector.hpp"

namespace orchestra::observability {
namespace {

std::string describeLabels(const std::vector<std::string>& label_names) {
  std::string text = "{";
  for (std::size_t i = 0; i < label_names.size(); ++i) {
    if (i > 0) text += ',';
    text += label_names[i];
  }
  return text + "}";
}

void appendCollectedFamily(std::string& out, const CollectedFamily& family) {
  appendFamilyHeader(out, family.name, family.help, family.type);
  for (const CollectedSample& sample : family.samples) {
    std::string labels;
    for (const auto& [label_name, label_value] : sample.labels) {
      if (!labels.empty()) labels += ',';
      labels += label_name;
      labels += "=\"";
      appendEscapedLabelValue(labels, label_value);
      labels += '"';
    }
    appendSampleLine(out, family.name, "", labels, sample.value);
  }
}

bool isExposable(const CollectedFamily& family) {
  if (!isValidMetricName(family.name) || family.type == MetricType::Histogram) return false;
  for (const CollectedSample& sample : family.samples) {
    for (const auto& label : sample.labels) {
      if (!isValidLabelName(label.first)) return false;
    }
  }
  return true;
}

}  // namespace

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

template <typename Child>
Family<Child>& MetricsRegistry::registerFamily(std::string_view name, std::string_view help,
                                               std::vector<std::string> label_names,
                                               typename Child::Settings settings) {
  std::lock_guard lock(mutex_);
  if (const auto found = families_.find(name); found != families_.end()) {
    auto* existing = dynamic_cast<Family<Child>*>(found->second.get());
    if (existing == nullptr) {
      throw std::invalid_argument("metric \"" + std::string(name) +
                                  "\" is already registered as a " +
                                  std::string(metricTypeName(found->second->type())) +
                                  ", not as a " + std::string(metricTypeName(Child::kType)));
    }
    if (existing->labelNames() != label_names) {
      throw std::invalid_argument(
          "metric \"" + std::string(name) + "\" is already registered with labels " +
          describeLabels(existing->labelNames()) + ", not " + describeLabels(label_names));
    }
    if (!(existing->settings() == settings)) {
      throw std::invalid_argument("metric \"" + std::string(name) +
                                  "\" is already registered with other bucket bounds");
    }
    return *existing;
  }
  auto family = std::make_unique<Family<Child>>(std::string(name), std::string(help),
                                                std::move(label_names), std::move(settings));
  Family<Child>& result = *family;
  families_.emplace(std::string(name), std::move(family));
  return result;
}

CounterFamily& MetricsRegistry::counter(std::string_view name, std::string_view help,
                                        std::vector<std::string> label_names) {
  return registerFamily<Counter>(name, help, std::move(label_names), {});
}

GaugeFamily& MetricsRegistry::gauge(std::string_view name, std::string_view help,
                                    std::vector<std::string> label_names) {
  return registerFamily<Gauge>(name, help, std::move(label_names), {});
}

HistogramFamily& MetricsRegistry::histogram(std::string_view name, std::string_view help,
                                            std::vector<std::string> label_names,
                                            std::vector<double> bucket_bounds) {
  // Normalised before the comparison with an existing family, so a trailing +Inf is harmless.
  Histogram::validateBucketBounds(name, bucket_bounds);
  return registerFamily<Histogram>(name, help, std::move(label_names),
                                   Histogram::Settings{std::move(bucket_bounds)});
}

void MetricsRegistry::addCollector(std::shared_ptr<const Collector> collector) {
  if (!collector) return;
  std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string MetricsRegistry::exposition() const {
  // Rendered per family first so collected families can be merged in by name.
  std::map<std::string, std::string, std::less<>> rendered;
  std::vector<std::shared_ptr<const Collector>> collectors;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, family] : families_) {
      family->appendExposition(rendered[name]);
    }
    collectors = collectors_;
  }
  // Outside the lock: collectors read files and must not hold up registration.
  for (const auto& collector : collectors) {
    for (const CollectedFamily& family : collector->collect()) {
      if (!isExposable(family) || rendered.contains(family.name)) continue;
      appendCollectedFamily(rendered[family.name], family);
    }
  }
  std::size_t total_bytes = 0;
  for (const auto& [name, text] : rendered)
    total_bytes += text.size();
  std::string out;
  out.reserve(total_bytes);
  for (const auto& [name, text] : rendered)
    out += text;
  return out;
}

MetricsRegistry& defaultRegistry() {
  static MetricsRegistry* const registry = [] {
    auto* created = new MetricsRegistry();
    created->addCollector(std::make_shared<ProcessCollector>());
    return created;
  }();
  return *registry;
}

}  // namespace orchestra::observability
