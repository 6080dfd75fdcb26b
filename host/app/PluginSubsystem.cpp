#include "host/app/PluginSubsystem.hpp"

#include "host/observability/Logger.hpp"
#include "host/plugins/NodeInvoker.hpp"

namespace orchestra::app {

namespace {

plugins::OutboundHttpSettings outboundSettings(const config::Config& config) {
  plugins::OutboundHttpSettings settings;
  settings.allow_private_addresses = config.plugins.http_allow_private_addresses;
  return settings;
}

std::unique_ptr<plugins::ProcessSpawner> makeProcessSpawner(const config::SpawnSettings& spawn) {
  plugins::SpawnRules rules(spawn, config::Environment::fromProcess());
  return std::make_unique<plugins::ProcessSpawner>(
      std::move(rules),
      plugins::StderrRelaySettings{spawn.stderr_lines_per_second, spawn.stderr_max_line_bytes});
}

}  // namespace

void loadPlugins(const config::Config& config, LoadedPlugins& out) {
  out.process_spawner = makeProcessSpawner(config.spawn);
  out.services.processes = out.process_spawner.get();
  out.outbound_http = std::make_unique<plugins::OutboundHttp>(outboundSettings(config));
  out.services.http = out.outbound_http.get();
  out.registry = std::make_unique<plugins::PluginRegistry>();
  out.services.registry = out.registry.get();
  out.loader = std::make_unique<plugins::PluginLoader>(*out.registry, out.services);
  out.loader->loadAll(config.plugins);
}

PluginSubsystem::PluginSubsystem(HostContext& context) : context_(context) {}

PluginSubsystem::~PluginSubsystem() = default;

void PluginSubsystem::initialize(Poco::Util::Application&) {
  loadPlugins(context_.config, loaded_);  // throws for a refused required plugin
  context_.plugins.publish(*loaded_.registry);
  context_.host_services.publish(loaded_.services);

  const plugins::PluginRegistry* registry = loaded_.registry.get();
  context_.readiness.add("plugins", [registry] {
    std::size_t loaded = 0;
    std::string failed;
    for (const auto& record : registry->plugins()) {
      if (record.state == plugins::PluginState::Loaded) {
        ++loaded;
      } else {
        failed += (failed.empty() ? "" : ", ") + record.file;
      }
    }
    // Optional plugins may fail without taking the host out of rotation (required ones stop
    // start-up), but the check says which.
    std::string detail = std::to_string(loaded) + " loaded";
    if (!failed.empty()) detail += "; failed (optional): " + failed;
    return observability::CheckResult{true, detail};
  });
}

void PluginSubsystem::uninitialize() {
  context_.plugins.withdraw();
  context_.host_services.withdraw();
  if (loaded_.loader) {
    // The runtime stopped before this subsystem and waited for its nodes; one that is still
    // inside its plugin ignored its cancellation.
    if (const std::int64_t running = plugins::nodeCallsInFlight(); running > 0) {
      loaded_.loader->keepLoadedForExit();
      observability::logWarning("plugins", "node calls still running; plugins stay loaded",
                                {{"calls", std::to_string(running)}});
    } else {
      loaded_.loader->shutdownAll();
      observability::logInfo("plugins", "plugins shut down");
    }
  }
  // Whatever a plugin left running goes now: a stopped host leaves no process behind.
  if (loaded_.process_spawner) loaded_.process_spawner->terminateAll();
  // The loader (and with it the mapped libraries) outlives nothing that used them: HTTP and the
  // runtime stopped before this subsystem.
}

}  // namespace orchestra::app
