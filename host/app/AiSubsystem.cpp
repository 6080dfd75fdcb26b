#include "host/app/AiSubsystem.hpp"

#include "host/config/ConfigError.hpp"
#include "host/observability/Logger.hpp"
#include "host/plugins/HostApi.hpp"
#include "host/plugins/PluginRegistry.hpp"

namespace orchestra::app {

namespace {

std::string loadedProviderIds(const plugins::PluginRegistry& registry) {
  std::string ids;
  for (const auto* extension : registry.aiProviders().list()) {
    if (!ids.empty()) ids += ", ";
    ids += extension->info.id;
  }
  return ids.empty() ? "none; add its plugin to plugins.load" : ids;
}

}  // namespace

AiSubsystem::~AiSubsystem() = default;

void AiSubsystem::initialize(Poco::Util::Application&) {
  const config::AiSettings& settings = context_.config.ai;
  const plugins::PluginRegistry& registry = context_.plugins.get();
  std::map<std::string, std::unique_ptr<plugins::AiProviderInstance>> providers;
  for (std::size_t index = 0; index < settings.providers.size(); ++index) {
    const config::AiProviderSpec& spec = settings.providers[index];
    const std::string entry = "ai.providers[" + std::to_string(index) + "] (" + spec.id + ")";
    const auto* extension = registry.aiProviders().find(spec.extension);
    if (extension == nullptr) {
      throw config::ConfigError(entry + ": no AI provider extension \"" + spec.extension +
                                "\" is loaded (loaded: " + loadedProviderIds(registry) + ")");
    }
    auto created = plugins::AiProviderInstance::create(*extension, spec.config_json);
    if (auto* refusal = std::get_if<std::string>(&created)) {
      throw config::ConfigError(entry + ": " + *refusal);
    }
    providers.emplace(spec.id,
                      std::move(std::get<std::unique_ptr<plugins::AiProviderInstance>>(created)));
  }
  ledger_ = std::make_unique<store::AiLedgerRepository>(context_.database.get());
  gateway_ = std::make_unique<plugins::AiGateway>(
      std::move(providers), plugins::AiPriceTable::fromJson(settings.prices_json),
      plugins::AiBudgetLimits::fromJson(settings.budgets_json), ledger_.get());
  context_.host_services.get().ai = gateway_.get();
  context_.ai.publish(*gateway_);
  if (!settings.providers.empty()) {
    observability::logInfo("ai", "AI providers ready",
                           {{"providers", std::to_string(settings.providers.size())}});
  }
}

void AiSubsystem::uninitialize() {
  // The runtime and HTTP stopped before: no call is running on a provider now.
  context_.ai.withdraw();
  context_.host_services.get().ai = nullptr;
  gateway_.reset();
  ledger_.reset();
}

}  // namespace orchestra::app
