// Creates the operator's AI provider instances (ai.providers) once, after the plugins and the
// database, and hands host_ai_chat the gateway that meters and bounds every call.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <memory>

#include "host/app/HostContext.hpp"
#include "host/plugins/AiGateway.hpp"
#include "host/store/AiLedgerRepository.hpp"

namespace orchestra::app {

class AiSubsystem final : public Poco::Util::Subsystem {
 public:
  explicit AiSubsystem(HostContext& context) : context_(context) {}
  ~AiSubsystem() override;

  const char* name() const override { return "ai"; }

 protected:
  // An unknown extension or a config the provider refuses stops start-up (config::ConfigError
  // naming the ai.providers entry).
  void initialize(Poco::Util::Application&) override;
  void uninitialize() override;

 private:
  HostContext& context_;
  std::unique_ptr<store::AiLedgerRepository> ledger_;
  std::unique_ptr<plugins::AiGateway> gateway_;
};

}  // namespace orchestra::app
