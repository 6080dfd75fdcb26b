// The Redis event bus's Prometheus series: events published through Redis, events delivered
// only to this instance because Redis was unavailable, and whether Redis is connected now.
#pragma once

#include "host/observability/Metrics.hpp"

namespace prometheus {
class Counter;
class Gauge;
}  // namespace prometheus

namespace orchestra::bus {

class RedisBusMetrics {
 public:
  explicit RedisBusMetrics(observability::Metrics& metrics);

  void published();
  // A publish that went to this instance's subscribers only; `failed` when it had tried Redis
  // (and so found it gone) rather than knowing it was down already.
  void degraded(bool failed);
  void setConnected(bool connected);

 private:
  prometheus::Counter* published_;
  prometheus::Counter* degraded_;
  prometheus::Counter* failures_;
  prometheus::Gauge* connected_;
};

}  // namespace orchestra::bus
