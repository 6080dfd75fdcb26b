// Opens the workspace secrets store: reads the master key from the environment variable the
// configuration names, after the database and before the runtime that resolves secrets.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <memory>

#include "host/app/HostContext.hpp"
#include "host/secrets/SecretService.hpp"

namespace orchestra::app {

class SecretsSubsystem final : public Poco::Util::Subsystem {
 public:
  explicit SecretsSubsystem(HostContext& context) : context_(context) {}
  ~SecretsSubsystem() override = default;

  const char* name() const override { return "secrets"; }

 protected:
  // A malformed key stops start-up (config::ConfigError); a missing one leaves the store off.
  void initialize(Poco::Util::Application&) override;
  void uninitialize() override {
    context_.secrets.withdraw();
    service_.reset();
  }

 private:
  HostContext& context_;
  std::unique_ptr<secrets::SecretService> service_;
};

}  // namespace orchestra::app
