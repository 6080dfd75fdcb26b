#include "host/app/AuthSubsystem.hpp"

#include <stdexcept>

#include "host/observability/Logger.hpp"

namespace orchestra::app {

AuthSubsystem::AuthSubsystem(HostContext& context) : context_(context) {}

AuthSubsystem::~AuthSubsystem() = default;

void AuthSubsystem::initialize(Poco::Util::Application&) {
  if (context_.database == nullptr) throw std::logic_error("auth needs the store subsystem first");
  services_ = std::make_unique<auth::AuthServices>(context_.config, *context_.database);
  context_.auth = services_.get();
  observability::logInfo("auth", "ready",
                         {{"email_provider", context_.config.email.provider},
                          {"rate_limits", context_.config.redis.url.empty() ? "memory" : "redis"}});
}

void AuthSubsystem::uninitialize() {
  context_.auth = nullptr;
  services_.reset();
}

}  // namespace orchestra::app
