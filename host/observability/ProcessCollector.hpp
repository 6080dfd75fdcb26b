// The standard process_* metrics (memory, CPU, file descriptors, threads, start time) read
// from /proc/self at scrape time, named as every Prometheus client library names them.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

namespace orchestra::observability {

// prometheus-cpp 1.0 ships no process collector (Go's and Python's clients do), so this one is
// ours, in its Collectable shape so that Metrics::addCollector() takes it.
class ProcessCollector final : public prometheus::Collectable {
 public:
  ProcessCollector();

  // Called from the scraping thread, possibly by two scrapes at once: it only reads /proc.
  // A metric whose /proc source cannot be read is left out rather than reported as 0.
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  double start_time_seconds_ = 0;  // since the Unix epoch; fixed for the life of the process
  double clock_ticks_per_second_;
  double page_size_bytes_;
};

}  // namespace orchestra::observability
