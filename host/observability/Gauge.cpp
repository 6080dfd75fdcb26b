#include "host/observability/Gauge.hpp"

namespace orchestra::observability {

Gauge::Gauge(const Settings& /*settings*/) noexcept {}

void Gauge::appendSamples(std::string& out, std::string_view name, std::string_view labels) const {
  appendSampleLine(out, name, "", labels, value());
}

}  // namespace orchestra::observability
