// Builds the workflows and agents services (graph rules, versions, import/export) and the
// execution history reads over the store and the plugin registry, after both and before HTTP.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <memory>

#include "host/app/HostContext.hpp"
#include "host/plugins/HostApi.hpp"
#include "host/runtime/ExecutionQueries.hpp"
#include "host/workflows/AgentService.hpp"
#include "host/workflows/WorkflowService.hpp"

namespace orchestra::app {

class WorkflowSubsystem final : public Poco::Util::Subsystem {
 public:
  explicit WorkflowSubsystem(HostContext& context) : context_(context) {}
  ~WorkflowSubsystem() override = default;

  const char* name() const override { return "workflows"; }

 protected:
  void initialize(Poco::Util::Application&) override {
    service_ = std::make_unique<workflows::WorkflowService>(
        context_.database.get(), context_.plugins.get(), &context_.events.get(),
        context_.host_services.get().mcp);
    agents_ = std::make_unique<workflows::AgentService>(context_.database.get(), *service_);
    executions_ = std::make_unique<runtime::ExecutionQueries>(context_.database.get());
    context_.workflows.publish(*service_);
    context_.agents.publish(*agents_);
    context_.executions.publish(*executions_);
  }
  void uninitialize() override {
    context_.executions.withdraw();
    context_.agents.withdraw();
    context_.workflows.withdraw();
    executions_.reset();
    agents_.reset();
    service_.reset();
  }

 private:
  HostContext& context_;
  std::unique_ptr<workflows::WorkflowService> service_;
  std::unique_ptr<workflows::AgentService> agents_;
  std::unique_ptr<runtime::ExecutionQueries> executions_;
};

}  // namespace orchestra::app
