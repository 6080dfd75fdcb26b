#include "host/app/SecretsSubsystem.hpp"

#include "host/observability/Logger.hpp"

namespace orchestra::app {

void SecretsSubsystem::initialize(Poco::Util::Application&) {
  const std::string& variable = context_.config.secrets.master_key_env;
  auto master_key = secrets::MasterKey::fromEnvironment(variable);
  if (master_key) {
    observability::logInfo("secrets", "secrets store on", {{"master_key_id", master_key->id()}});
  } else {
    observability::logWarning("secrets",
                              "secrets store off: no master key; the secrets API answers 503 and "
                              "workflows cannot read secrets",
                              {{"variable", variable}});
  }
  service_ = std::make_unique<secrets::SecretService>(context_.database.get(),
                                                      std::move(master_key), variable);
  context_.secrets.publish(*service_);
}

}  // namespace orchestra::app
