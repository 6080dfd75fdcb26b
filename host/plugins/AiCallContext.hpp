// Who an AI call is made for: the execution, node, workflow, workspace and user the ledger
// charges and the budgets bound. Travels with orc_exec from the runtime (or a one-node tool call)
// to host_ai_chat.
#pragma once

#include <string>

namespace orchestra::plugins {

struct AiCallContext {
  std::string execution_id;  // empty: not part of an execution (a /tools call)
  std::string node_id;
  std::string workflow_id;
  std::string workspace_id;  // empty: no budget applies and the call is charged to nobody
  std::string user_id;
};

}  // namespace orchestra::plugins
