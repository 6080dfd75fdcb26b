// Builds authentication (tokens, sessions, OTP mail, rate limits) after the store and before
// HTTP, and refuses to start without an acceptable token secret outside development mode.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <memory>

#include "host/app/HostContext.hpp"
#include "host/auth/AuthServices.hpp"

namespace orchestra::app {

class AuthSubsystem final : public Poco::Util::Subsystem {
 public:
  explicit AuthSubsystem(HostContext& context);
  ~AuthSubsystem() override;

  const char* name() const override { return "auth"; }

 protected:
  void initialize(Poco::Util::Application& app) override;
  void uninitialize() override;

 private:
  HostContext& context_;
  std::unique_ptr<auth::AuthServices> services_;
};

}  // namespace orchestra::app
