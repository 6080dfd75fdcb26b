#include "host/app/McpSubsystem.hpp"

#include "host/observability/Logger.hpp"
#include "host/plugins/HostApi.hpp"
#include "host/plugins/ProcessSpawner.hpp"
#include "host/secrets/SecretService.hpp"

namespace orchestra::app {

// The secrets store seals MCP env values and headers with the workspace's data key.
class McpSubsystem::SecretsSealer final : public mcp::McpValueSealer {
 public:
  explicit SecretsSealer(secrets::SecretService& secrets) : secrets_(secrets) {}

  store::SealedText seal(const std::string& workspace_id, const std::string& server_id,
                         const std::string& name, std::string_view value) override {
    return secrets_.sealFor(workspace_id, server_id, name, value);
  }
  std::string open(const std::string& workspace_id, const std::string& server_id,
                   const std::string& name, const store::SealedText& sealed) override {
    return secrets_.openFor(workspace_id, server_id, name, sealed);
  }

 private:
  secrets::SecretService& secrets_;
};

McpSubsystem::McpSubsystem(HostContext& context) : context_(context) {}

McpSubsystem::~McpSubsystem() = default;

void McpSubsystem::initialize(Poco::Util::Application&) {
  plugins::HostServices& services = context_.host_services.get();
  sealer_ = std::make_unique<SecretsSealer>(context_.secrets.get());
  supervisor_ =
      std::make_unique<mcp::McpSupervisor>(context_.plugins.get(), mcp::McpSupervisorSettings{});
  const plugins::SpawnRules* rules =
      services.processes == nullptr ? nullptr : &services.processes->rules();
  service_ = std::make_unique<mcp::McpServerService>(context_.database.get(), *supervisor_,
                                                     *sealer_, rules);
  service_->loadAll();
  services.mcp = service_.get();
  context_.mcp.publish(*service_);
  observability::logInfo("mcp", "MCP servers ready");
}

void McpSubsystem::uninitialize() {
  context_.mcp.withdraw();
  context_.host_services.get().mcp = nullptr;
  service_.reset();
  supervisor_.reset();  // closes every session: stdio servers' process groups end here
  sealer_.reset();
}

}  // namespace orchestra::app
