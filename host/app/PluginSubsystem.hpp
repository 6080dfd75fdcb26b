// Loads the plugins of plugins.load at start-up (on the main thread, before HTTP), publishes the
// registry, reports them in readiness, and shuts them down after everything that uses them.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <memory>

#include "host/app/HostContext.hpp"
#include "host/plugins/HostApi.hpp"
#include "host/plugins/OutboundHttp.hpp"
#include "host/plugins/PluginLoader.hpp"
#include "host/plugins/PluginRegistry.hpp"
#include "host/plugins/ProcessSpawner.hpp"

namespace orchestra::app {

// The configured plugins, loaded: by PluginSubsystem in a server, and on their own for
// `orchestra plugins list`.
struct LoadedPlugins {
  // Declared first so it goes last: the plugins close their children before it ends the rest.
  std::unique_ptr<plugins::ProcessSpawner> process_spawner;
  std::unique_ptr<plugins::OutboundHttp> outbound_http;
  plugins::HostServices services;
  std::unique_ptr<plugins::PluginRegistry> registry;
  std::unique_ptr<plugins::PluginLoader> loader;
};
void loadPlugins(const config::Config& config, LoadedPlugins& out);

class PluginSubsystem final : public Poco::Util::Subsystem {
 public:
  explicit PluginSubsystem(HostContext& context);
  ~PluginSubsystem() override;

  const char* name() const override { return "plugins"; }

 protected:
  void initialize(Poco::Util::Application& app) override;
  void uninitialize() override;

 private:
  HostContext& context_;
  LoadedPlugins loaded_;
};

}  // namespace orchestra::app
