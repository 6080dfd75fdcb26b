#include "host/app/BusSubsystem.hpp"

#include "host/bus/InProcessEventBus.hpp"

namespace orchestra::app {

BusSubsystem::~BusSubsystem() = default;

void BusSubsystem::initialize(Poco::Util::Application&) {
  events_ = std::make_unique<bus::InProcessEventBus>();
  context_.events.publish(*events_);
}

void BusSubsystem::uninitialize() {
  context_.events.withdraw();
  events_.reset();
}

}  // namespace orchestra::app
