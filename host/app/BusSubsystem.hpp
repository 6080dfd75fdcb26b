// Starts the event bus before every service that publishes on it (workflows, the runtime) and
// stops it after them: in-process by default.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <memory>

#include "host/app/HostContext.hpp"
#include "host/bus/EventBus.hpp"

namespace orchestra::app {

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
  std::unique_ptr<bus::EventBus> events_;
};

}  // namespace orchestra::app
