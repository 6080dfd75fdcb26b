// Starts the MCP servers' supervisor and service after the secrets store (their env values and
// headers are sealed there) and before the runtime (whose nodes call their tools); stopping it
// ends every MCP server process before the plugins go.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <memory>

#include "host/app/HostContext.hpp"
#include "host/mcp/McpServerService.hpp"
#include "host/mcp/McpSupervisor.hpp"

namespace orchestra::app {

class McpSubsystem final : public Poco::Util::Subsystem {
 public:
  explicit McpSubsystem(HostContext& context);
  ~McpSubsystem() override;

  const char* name() const override { return "mcp"; }

 protected:
  void initialize(Poco::Util::Application&) override;
  void uninitialize() override;

 private:
  class SecretsSealer;

  HostContext& context_;
  std::unique_ptr<SecretsSealer> sealer_;
  std::unique_ptr<mcp::McpSupervisor> supervisor_;
  std::unique_ptr<mcp::McpServerService> service_;
};

}  // namespace orchestra::app
