#include "host/observability/Readiness.hpp"

#include <exception>

namespace orchestra::observability {

void Readiness::add(std::string name, Check check) {
  std::lock_guard lock(mutex_);
  checks_.emplace_back(std::move(name), std::move(check));
}

ReadinessReport Readiness::evaluate() const {
  std::vector<std::pair<std::string, Check>> checks;
  {
    std::lock_guard lock(mutex_);
    checks = checks_;
  }
  ReadinessReport report;
  for (const auto& [name, check] : checks) {
    CheckResult result;
    try {
      result = check();
    } catch (const std::exception& error) {
      result = {false, error.what()};
    }
    report.ready = report.ready && result.ok;
    report.checks.emplace_back(name, std::move(result));
  }
  return report;
}

}  // namespace orchestra::observability
