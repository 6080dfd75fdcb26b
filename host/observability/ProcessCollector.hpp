// The standard process_* metrics (memory, CPU, file descriptors, threads, start time) read
// from /proc/self at scrape time, named as every Prometheus client library names them.
#pragma once

#include <vector>

#include "host/observability/Collector.hpp"

namespace orchestra::observability {

class ProcessCollector final : public Collector {
 public:
  ProcessCollector();

  // A metric whose /proc source cannot be read is left out rather than reported as 0.
  std::vector<CollectedFamily> collect() const override;

 private:
  double start_time_seconds_ = 0;  // since the Unix epoch; fixed for the life of the process
  double clock_ticks_per_second_;
  double page_size_bytes_;
};

}  // namespace orchestra::observability
