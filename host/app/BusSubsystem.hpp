// Starts the event bus before every service that publishes on it (workflows, the runtime) and
// stops it after them: in-process by default, Redis pub/sub shared by every instance when
// `bus.backend` (or redis.url, for auto) asks for it.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <memory>

#include "host/app/HostContext.hpp"
#include "host/bus/EventBus.hpp"

namespace orchestra::app {

// Whether `bus.backend` (with redis.url, for auto) asks for the Redis bus shared by instances.
bool eventBusIsShared(const config::Config& config);
// The event bus `bus.backend` asks for: Redis pub/sub (shared by every instance on redis.url)
// or this process only. Throws std::invalid_argument naming redis.url when it is malformed.
std::unique_ptr<bus::EventBus> makeEventBus(const config::Config& config,
                                            observability::Metrics& metrics);

class BusSubsystem final : public Poco::Util::Subsystem {
 public:
  explicit BusSubsystem(HostContext& context) : context_(context) {}
  ~BusSubsystem() override;

  const char* name() const override { return "bus"; }

 protected:
  void initialize(Poco::Util::Application&) override;
  void uninitialize() override;

 private:
  HostContext& context_;
  // What everyone publishes on and subscribes to. With a shared (Redis) bus, events are also
  // published on `local_events_`, which only the event triggers hear: each completion starts
  // its triggered workflows once, on the instance where it happened, not on every one.
  std::unique_ptr<bus::EventBus> shared_events_;
  std::unique_ptr<bus::EventBus> local_events_;
  std::unique_ptr<bus::EventBus> events_;
};

}  // namespace orchestra::app
