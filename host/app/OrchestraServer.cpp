#include "host/app/OrchestraServer.hpp"

#include <Poco/Logger.h>

#include <chrono>

#include "host/app/AiSubsystem.hpp"
#include "host/app/AuthSubsystem.hpp"
#include "host/app/BusSubsystem.hpp"
#include "host/app/HttpSubsystem.hpp"
#include "host/app/McpSubsystem.hpp"
#include "host/app/PluginSubsystem.hpp"
#include "host/app/RealtimeSubsystem.hpp"
#include "host/app/RuntimeSubsystem.hpp"
#include "host/app/SecretsSubsystem.hpp"
#include "host/app/StoreSubsystem.hpp"
#include "host/app/WorkflowSubsystem.hpp"
#include "host/app/WorkspaceSubsystem.hpp"
#include "host/observability/Logger.hpp"

namespace orchestra::app {

namespace {
const auto kProcessStart = std::chrono::steady_clock::now();
}

OrchestraServer::OrchestraServer(config::Config config) {
  context_.config = std::move(config);
  context_.metrics.publish(observability::defaultMetrics());
  // Order is the dependency order: each subsystem may use what the earlier ones published.
  addSubsystem(new PluginSubsystem(context_));
  addSubsystem(new StoreSubsystem(context_));
  addSubsystem(new AuthSubsystem(context_));
  addSubsystem(new BusSubsystem(context_));
  addSubsystem(new SecretsSubsystem(context_));
  addSubsystem(new McpSubsystem(context_));
  addSubsystem(new WorkspaceSubsystem(context_));
  addSubsystem(new WorkflowSubsystem(context_));
  addSubsystem(new AiSubsystem(context_));
  addSubsystem(new RuntimeSubsystem(context_));
  addSubsystem(new RealtimeSubsystem(context_));
  addSubsystem(new HttpSubsystem(context_));
}

void OrchestraServer::initialize(Poco::Util::Application& self) {
  // Our own JSON log says why start-up failed; Poco's plain-text copy of it would be noise.
  Poco::Logger::root().setLevel(Poco::Message::PRIO_FATAL);
  try {
    ServerApplication::initialize(self);
  } catch (const Poco::Exception& error) {
    observability::logCritical("app", "start-up failed", {{"error", error.displayText()}});
    throw;
  } catch (const std::exception& error) {
    observability::logCritical("app", "start-up failed", {{"error", error.what()}});
    throw;
  }
}

void OrchestraServer::uninitialize() {
  ServerApplication::uninitialize();
  observability::logInfo("app", "stopped");
}

int OrchestraServer::main(const std::vector<std::string>&) {
  const std::chrono::duration<double, std::milli> startup =
      std::chrono::steady_clock::now() - kProcessStart;
  observability::logInfo("app", "ready",
                         {{"version", ORCHESTRA_VERSION}, {"startup_ms", startup.count()}});
  waitForTerminationRequest();
  observability::logInfo("app", "termination requested; shutting down");
  return EXIT_OK;
}

}  // namespace orchestra::app
