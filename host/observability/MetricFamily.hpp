// The part of a metric family the registry needs without knowing its type: name, help, label
// names, and rendering itself for a scrape.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "host/observability/PrometheusText.hpp"

namespace orchestra::observability {

class MetricFamily {
 public:
  virtual ~MetricFamily() = default;
  MetricFamily(const MetricFamily&) = delete;
  MetricFamily& operator=(const MetricFamily&) = delete;

  const std::string& name() const noexcept { return name_; }
  const std::string& help() const noexcept { return help_; }
  const std::vector<std::string>& labelNames() const noexcept { return label_names_; }
  virtual MetricType type() const noexcept = 0;

  // HELP and TYPE lines, then every child's samples ordered by label values.
  virtual void appendExposition(std::string& out) const = 0;

 protected:
  // Throws std::invalid_argument with the offending name when the metric name, a label name,
  // or a repeated label name would make the exposition unparseable.
  MetricFamily(std::string name, std::string help, std::vector<std::string> label_names,
               MetricType type);

 private:
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
};

}  // namespace orchestra::observability
