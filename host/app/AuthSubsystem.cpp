#include "host/app/AuthSubsystem.hpp"

#include "host/observability/Logger.hpp"

namespace orchestra::app {

AuthSubsystem::AuthSubsystem(HostContext& context) : context_(context) {}

AuthSubsystem::~AuthSubsystem() = default;

void AuthSubsystem::initialize(Poco::Util::Application&) {
  services_ = std::make_unique<auth::AuthServices>(context_.config, context_.database.get());
  context_.auth.publish(*services_);
  observability::logInfo("auth", "ready",
                         {{"email_provider", context_.config.email.provider},
                          {"rate_limits", context_.config.redis.url.empty() ? "memory" : "redis"}});
}

void AuthSubsystem::uninitialize() {
  context_.auth.withdraw();
  services_.reset();
}

}  // namespace orchestra::app
