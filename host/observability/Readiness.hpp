// Readiness for load balancers and Kubernetes: each subsystem registers named checks (database
// reachable, migrations current, plugins loaded); GET /health/ready runs them all.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace orchestra::observability {

struct CheckResult {
  bool ok = false;
  std::string detail;  // a short reason, safe to show (never a password or a stack trace)
};

struct ReadinessReport {
  bool ready = true;
  std::vector<std::pair<std::string, CheckResult>> checks;  // in registration order
};

class Readiness {
 public:
  using Check = std::function<CheckResult()>;

  void add(std::string name, Check check);
  // Runs every check; one that throws counts as failed with its message.
  ReadinessReport evaluate() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, Check>> checks_;
};

}  // namespace orchestra::observability
