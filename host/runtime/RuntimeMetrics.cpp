#include "host/runtime/RuntimeMetrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace orchestra::runtime {

namespace {

// From a 2 ms webhook round trip to an hour-long agent run.
prometheus::Histogram::BucketBoundaries durationBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,  1,
          2.5,   5,      10,    30,   60,    120,  300, 600,  1800, 3600};
}

}  // namespace

RuntimeMetrics::RuntimeMetrics(observability::Metrics& metrics) {
  auto& registry = metrics.registry();
  auto& totals = prometheus::BuildCounter()
                     .Name("workflow_executions_total")
                     .Help("Executions that ended on this instance, by final status")
                     .Register(registry);
  completed_ = &totals.Add({{"status", "completed"}});
  failed_ = &totals.Add({{"status", "failed"}});
  cancelled_ = &totals.Add({{"status", "cancelled"}});
  auto& durations = prometheus::BuildHistogram()
                        .Name("workflow_execution_duration_seconds")
                        .Help("How long the run that ended an execution took, by final status")
                        .Register(registry);
  completed_duration_ = &durations.Add({{"status", "completed"}}, durationBuckets());
  failed_duration_ = &durations.Add({{"status", "failed"}}, durationBuckets());
  cancelled_duration_ = &durations.Add({{"status", "cancelled"}}, durationBuckets());
  auto& status = prometheus::BuildGauge()
                     .Name("workflow_execution_status")
                     .Help(
                         "Executions of this instance now pending (waiting for a thread) or "
                         "running")
                     .Register(registry);
  waiting_ = &status.Add({{"status", "pending"}});
  running_ = &status.Add({{"status", "running"}});
  queue_depth_ = &prometheus::BuildGauge()
                      .Name("orchestra_execution_queue_depth")
                      .Help("Entries in the shared execution queue, as last counted")
                      .Register(registry)
                      .Add({});
  takeovers_ = &prometheus::BuildCounter()
                    .Name("orchestra_execution_lease_takeovers_total")
                    .Help("Executions this instance took over from a host whose lease expired")
                    .Register(registry)
                    .Add({});
  retries_ = &prometheus::BuildCounter()
                  .Name("orchestra_node_retries_total")
                  .Help("Node attempts that failed transiently and were scheduled again")
                  .Register(registry)
                  .Add({});
  commits_ = &prometheus::BuildCounter()
                  .Name("orchestra_state_commits_total")
                  .Help("Transactions of the execution state writer (group commits)")
                  .Register(registry)
                  .Add({});
  committed_changes_ = &prometheus::BuildCounter()
                            .Name("orchestra_state_changes_committed_total")
                            .Help("Execution state changes committed by the writer")
                            .Register(registry)
                            .Add({});
}

void RuntimeMetrics::executionFinished(std::string_view status,
                                       std::chrono::steady_clock::duration duration) {
  const double seconds = std::chrono::duration<double>(duration).count();
  if (status == "completed") {
    completed_->Increment();
    completed_duration_->Observe(seconds);
  } else if (status == "failed") {
    failed_->Increment();
    failed_duration_->Observe(seconds);
  } else if (status == "cancelled") {
    cancelled_->Increment();
    cancelled_duration_->Observe(seconds);
  }
}

void RuntimeMetrics::setWaiting(std::size_t count) {
  waiting_->Set(static_cast<double>(count));
}

void RuntimeMetrics::setRunning(std::size_t count) {
  running_->Set(static_cast<double>(count));
}

void RuntimeMetrics::setQueueDepth(std::int64_t depth) {
  queue_depth_->Set(static_cast<double>(depth));
}

void RuntimeMetrics::leaseTakenOver() {
  takeovers_->Increment();
}

void RuntimeMetrics::nodeRetried() {
  retries_->Increment();
}

void RuntimeMetrics::stateCommitted(std::size_t changes) {
  commits_->Increment();
  committed_changes_->Increment(static_cast<double>(changes));
}

}  // namespace orchestra::runtime
