// What the subsystems of one running host share: the validated configuration, the readiness
// checks, and the services each subsystem publishes for the later ones.
#pragma once

#include <stdexcept>
#include <string>

#include "host/config/Config.hpp"
#include "host/observability/Metrics.hpp"
#include "host/observability/Readiness.hpp"

namespace orchestra::store {
class Database;
}
namespace orchestra::auth {
class AuthServices;
}
namespace orchestra::plugins {
class PluginRegistry;
struct HostServices;
class SpawnRules;
class AiGateway;
}  // namespace orchestra::plugins
namespace orchestra::mcp {
class McpServerService;
}
namespace orchestra::bus {
class EventBus;
}
namespace orchestra::runtime {
class Runtime;
class ExecutionQueries;
class EventTriggers;
}  // namespace orchestra::runtime
namespace orchestra::ws {
class Hub;
class PresenceBoard;
}  // namespace orchestra::ws
namespace orchestra::secrets {
class SecretService;
}
namespace orchestra::workflows {
class WorkflowService;
class AgentService;
}  // namespace orchestra::workflows

namespace orchestra::workspaces {
class WorkspaceService;
class ActivityLog;
class InvitationService;
}  // namespace orchestra::workspaces

namespace orchestra::app {

// A service one subsystem publishes during its initialize() and withdraws in its
// uninitialize(). Reading it before or after fails loudly instead of with a null pointer, so
// subsystem order mistakes show up at start-up with the service's name.
template <typename Service>
class Published {
 public:
  explicit Published(const char* name) : name_(name) {}

  Service& get() const {
    if (service_ == nullptr) throw std::logic_error(std::string(name_) + " is not initialised");
    return *service_;
  }
  void publish(Service& service) { service_ = &service; }
  void withdraw() { service_ = nullptr; }

 private:
  const char* name_;
  Service* service_ = nullptr;
};

struct HostContext {
  config::Config config;
  observability::Readiness readiness;
  Published<observability::Metrics> metrics{"the metrics"};
  Published<plugins::PluginRegistry> plugins{"the plugin registry"};  // PluginSubsystem
  // What the host API delegates to; later subsystems fill in their parts (the MCP gateway).
  Published<plugins::HostServices> host_services{"the host services"};  // PluginSubsystem
  Published<store::Database> database{"the database"};                  // StoreSubsystem
  Published<auth::AuthServices> auth{"authentication"};                 // AuthSubsystem
  Published<secrets::SecretService> secrets{"the secrets store"};       // SecretsSubsystem
  Published<mcp::McpServerService> mcp{"the MCP servers"};              // McpSubsystem
  Published<workflows::WorkflowService> workflows{"workflows"};         // WorkflowSubsystem
  Published<workflows::AgentService> agents{"agents"};                  // WorkflowSubsystem
  Published<bus::EventBus> events{"the event bus"};                     // BusSubsystem
  // This instance's events only (the same bus as `events` unless that one is shared).
  Published<bus::EventBus> local_events{"the instance's event bus"};    // BusSubsystem
  Published<runtime::Runtime> runtime{"the runtime"};                   // RuntimeSubsystem
  Published<runtime::EventTriggers> event_triggers{"event triggers"};   // RuntimeSubsystem
  Published<runtime::ExecutionQueries> executions{"executions"};        // WorkflowSubsystem
  Published<ws::Hub> realtime{"the WebSocket hub"};                     // RealtimeSubsystem
  Published<ws::PresenceBoard> presence{"the presence board"};          // RealtimeSubsystem
  Published<workspaces::WorkspaceService> workspaces{"workspaces"};     // WorkspaceSubsystem
  Published<workspaces::ActivityLog> activity{"the activity log"};      // WorkspaceSubsystem
  Published<workspaces::InvitationService> invitations{"invitations"};  // WorkspaceSubsystem
  Published<plugins::AiGateway> ai{"the AI providers"};                 // AiSubsystem
};

}  // namespace orchestra::app
