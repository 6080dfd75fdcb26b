#include "host/observability/MetricFamily.hpp"

#include <algorithm>
#include <stdexcept>

namespace orchestra::observability {

MetricFamily::MetricFamily(std::string name, std::string help, std::vector<std::string> label_names,
                           MetricType type)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {
  if (!isValidMetricName(name_)) {
    throw std::invalid_argument("invalid metric name \"" + name_ +
                                "\": must match [a-zA-Z_:][a-zA-Z0-9_:]*");
  }
  for (auto label = label_names_.begin(); label != label_names_.end(); ++label) {
    if (!isValidLabelName(*label)) {
      throw std::invalid_argument("metric \"" + name_ + "\": invalid label name \"" + *label +
                                  R"(": must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __)");
    }
    if (std::find(label_names_.begin(), label, *label) != label) {
      throw std::invalid_argument("metric \"" + name_ + "\": label name \"" + *label +
                                  "\" given twice");
    }
    if (type == MetricType::Histogram && *label == "le") {
      throw std::invalid_argument("histogram \"" + name_ +
                                  R"(": label name "le" is reserved for bucket bounds)");
    }
  }
}

}  // namespace orchestra::observability
