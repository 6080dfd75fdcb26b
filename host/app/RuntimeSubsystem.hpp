// Starts the event bus, the durable runtime and its triggers (cron scheduler, event triggers)
// after the workflows service and before HTTP, and stops them after HTTP (subsystems stop in
// reverse order): no request reaches a stopped runtime, no trigger fires into one, and
// executions left unfinished stay queued for the next start.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <memory>

#include "host/app/HostContext.hpp"
#include "host/bus/EventBus.hpp"
#include "host/runtime/CronScheduler.hpp"
#include "host/runtime/EventTriggers.hpp"
#include "host/runtime/RetentionJob.hpp"
#include "host/runtime/Runtime.hpp"

namespace orchestra::app {

// Whether `bus.backend` (with redis.url, for auto) asks for the Redis bus shared by instances.
bool eventBusIsShared(const config::Config& config);
// The event bus `bus.backend` asks for: Redis pub/sub (shared by every instance on redis.url)
// or this process only. Throws std::invalid_argument naming redis.url when it is malformed.
std::unique_ptr<bus::EventBus> makeEventBus(const config::Config& config,
                                            observability::Metrics& metrics);

// The runtime's settings from the `runtime:` configuration section.
runtime::RuntimeSettings runtimeSettingsFrom(const config::RuntimeConfig& config);

class RuntimeSubsystem final : public Poco::Util::Subsystem {
 public:
  explicit RuntimeSubsystem(HostContext& context) : context_(context) {}
  ~RuntimeSubsystem() override;

  const char* name() const override { return "runtime"; }

 protected:
  void initialize(Poco::Util::Application&) override;
  void uninitialize() override;

 private:
  HostContext& context_;
  // What the runtime publishes on and everyone subscribes to. With a shared (Redis) bus, events
  // are also published on `local_events_`, which only the event triggers hear: each completion
  // starts its triggered workflows once, on the instance where it happened, not on every one.
  std::unique_ptr<bus::EventBus> shared_events_;
  std::unique_ptr<bus::EventBus> local_events_;  // null with the in-process bus
  std::unique_ptr<bus::EventBus> events_;
  std::unique_ptr<runtime::Runtime> runtime_;
  std::unique_ptr<runtime::RetentionJob> retention_;
  std::unique_ptr<runtime::CronScheduler> cron_;  // null when cron_enabled or enabled is false
  std::unique_ptr<runtime::EventTriggers> event_triggers_;
};

}  // namespace orchestra::app
