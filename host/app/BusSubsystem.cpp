#include "host/app/BusSubsystem.hpp"

#include "host/bus/InProcessEventBus.hpp"
#include "host/bus/RedisEventBus.hpp"
#include "host/bus/TeeEventBus.hpp"
#include "host/observability/Logger.hpp"

namespace orchestra::app {

bool eventBusIsShared(const config::Config& config) {
  // ConfigChecks refuses redis without redis.url; auto follows redis.url.
  const std::string& backend = config.bus.backend;
  return backend == "redis" || (backend == "auto" && !config.redis.url.empty());
}

std::unique_ptr<bus::EventBus> makeEventBus(const config::Config& config,
                                            observability::Metrics& metrics) {
  if (eventBusIsShared(config)) {
    observability::logInfo("bus", "events go through Redis pub/sub");
    return std::make_unique<bus::RedisEventBus>(bus::redisEventBusSettingsFrom(config.redis),
                                                metrics);
  }
  observability::logInfo("bus", "events stay in this process");
  return std::make_unique<bus::InProcessEventBus>();
}

BusSubsystem::~BusSubsystem() = default;

void BusSubsystem::initialize(Poco::Util::Application&) {
  std::unique_ptr<bus::EventBus> chosen = makeEventBus(context_.config, context_.metrics.get());
  if (eventBusIsShared(context_.config)) {
    shared_events_ = std::move(chosen);
    local_events_ = std::make_unique<bus::InProcessEventBus>();
    events_ = std::make_unique<bus::TeeEventBus>(*shared_events_, *local_events_);
    context_.local_events.publish(*local_events_);
  } else {
    events_ = std::move(chosen);
    context_.local_events.publish(*events_);
  }
  context_.events.publish(*events_);
}

void BusSubsystem::uninitialize() {
  context_.events.withdraw();
  context_.local_events.withdraw();
  events_.reset();
  local_events_.reset();
  shared_events_.reset();
}

}  // namespace orchestra::app
