// The runtime's Prometheus series: the plan's workflow_executions_total,
// workflow_execution_duration_seconds and workflow_execution_status, plus queue depth, lease
// takeovers and node retries. Series are created once and cached; recording is lock-free.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "host/observability/Metrics.hpp"

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
}  // namespace prometheus

namespace orchestra::runtime {

class RuntimeMetrics {
 public:
  explicit RuntimeMetrics(observability::Metrics& metrics);

  // An execution ended here with `status` (completed, failed, cancelled) after `duration`.
  void executionFinished(std::string_view status, std::chrono::steady_clock::duration duration);
  // Executions of this instance waiting for a thread, and running.
  void setWaiting(std::size_t count);
  void setRunning(std::size_t count);
  void setQueueDepth(std::int64_t depth);
  void leaseTakenOver();
  void nodeRetried();
  // One commit of the execution state writer, holding `changes` changes.
  void stateCommitted(std::size_t changes);

 private:
  prometheus::Counter* completed_;
  prometheus::Counter* failed_;
  prometheus::Counter* cancelled_;
  prometheus::Histogram* completed_duration_;
  prometheus::Histogram* failed_duration_;
  prometheus::Histogram* cancelled_duration_;
  prometheus::Gauge* waiting_;
  prometheus::Gauge* running_;
  prometheus::Gauge* queue_depth_;
  prometheus::Counter* takeovers_;
  prometheus::Counter* retries_;
  prometheus::Counter* commits_;
  prometheus::Counter* committed_changes_;
};

}  // namespace orchestra::runtime
