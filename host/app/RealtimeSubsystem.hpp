// Starts the WebSocket hub and the presence board after the bus and the runtime, before HTTP;
// HTTP stops first, so every socket is closed (1001) before the hub goes.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <memory>

#include "host/app/HostContext.hpp"
#include "host/ws/Hub.hpp"
#include "host/ws/PresenceBoard.hpp"

namespace orchestra::app {

class RealtimeSubsystem final : public Poco::Util::Subsystem {
 public:
  explicit RealtimeSubsystem(HostContext& context) : context_(context) {}
  ~RealtimeSubsystem() override;

  const char* name() const override { return "realtime"; }

 protected:
  void initialize(Poco::Util::Application&) override;
  void uninitialize() override;

 private:
  HostContext& context_;
  std::unique_ptr<ws::Hub> hub_;
  std::unique_ptr<ws::PresenceBoard> presence_;
};

}  // namespace orchestra::app
