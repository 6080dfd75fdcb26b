#include "host/bus/RedisBusMetrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace orchestra::bus {

RedisBusMetrics::RedisBusMetrics(observability::Metrics& metrics) {
  auto& registry = metrics.registry();
  published_ = &prometheus::BuildCounter()
                    .Name("orchestra_bus_published_total")
                    .Help("Events this instance published through Redis")
                    .Register(registry)
                    .Add({});
  degraded_ = &prometheus::BuildCounter()
                   .Name("orchestra_bus_degraded_total")
                   .Help(
                       "Events delivered only to this instance's subscribers because Redis was "
                       "unavailable")
                   .Register(registry)
                   .Add({});
  failures_ = &prometheus::BuildCounter()
                   .Name("orchestra_bus_publish_failures_total")
                   .Help("Publishes whose Redis round trip failed (each also counts as degraded)")
                   .Register(registry)
                   .Add({});
  connected_ = &prometheus::BuildGauge()
                    .Name("orchestra_bus_redis_connected")
                    .Help("1 while the event bus is connected to Redis, 0 while it reconnects")
                    .Register(registry)
                    .Add({});
}

void RedisBusMetrics::published() {
  published_->Increment();
}

void RedisBusMetrics::degraded(bool failed) {
  degraded_->Increment();
  if (failed) failures_->Increment();
}

void RedisBusMetrics::setConnected(bool connected) {
  connected_->Set(connected ? 1 : 0);
}

}  // namespace orchestra::bus
