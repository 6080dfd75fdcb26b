// The rules of agents: an agent configures one agent node of one workflow, so it is read and
// written with that workflow's rights, its node must exist, and it goes when the node goes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "host/auth/Caller.hpp"
#include "host/store/AgentRepository.hpp"
#include "host/text/JsonDocument.hpp"
#include "host/workflows/WorkflowService.hpp"

namespace orchestra::workflows {

class AgentService {
 public:
  AgentService(store::Database& database, WorkflowService& workflows)
      : agents_(database), workflows_(workflows) {}

  // `body` was checked against the route's schema.
  store::AgentRow create(const auth::Caller& caller, text::JsonView body);
  store::AgentRow get(const auth::Caller& caller, std::string_view id);
  store::AgentRow update(const auth::Caller& caller, std::string_view id, text::JsonView body);
  // Returns the agent as it was (for the activity log).
  store::AgentRow remove(const auth::Caller& caller, std::string_view id);
  // Every workspace of the caller's, or only `workspace_id` (404/403 as authorize()).
  store::AgentPage list(const auth::Caller& caller, const std::optional<std::string>& workspace_id,
                        const std::optional<std::string>& workflow_id, std::int64_t limit,
                        std::int64_t offset);

 private:
  store::AgentRepository agents_;
  WorkflowService& workflows_;
};

}  // namespace orchestra::workflows
