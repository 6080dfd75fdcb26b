#include "host/auth/Policy.hpp"

#include <stdexcept>
#include <string>

#include "host/store/SqlValues.hpp"

namespace orchestra::auth {

namespace {

using enum Action;
constexpr ActionScope kPublicScope = ActionScope::Public;
constexpr ActionScope kAccountScope = ActionScope::Account;
constexpr ActionScope kWorkspaceScope = ActionScope::Workspace;
constexpr WorkspaceRole kViewer = WorkspaceRole::Viewer;
constexpr WorkspaceRole kEditor = WorkspaceRole::Editor;
constexpr WorkspaceRole kAdministrator = WorkspaceRole::Administrator;
constexpr WorkspaceRole kOwner = WorkspaceRole::Owner;

// The plan's matrix (View/Create/Edit/Delete/Execute workflows, View analytics, Invite/Remove
// members, Change roles, Workspace settings, Delete workspace) and the rows it implies:
// executions are viewed like workflows; secrets, files and AI tools are editing material
// (tools spend the workspace's budget); MCP servers start processes on the host, so they are
// workspace settings; handing the workspace over is the owner's alone, like deleting it. API
// keys act in the workspace without a person signing in, so making, seeing and revoking them is
// an administrator's, like the other workspace settings.
const std::vector<PolicyRule>& rules() {
  static const std::vector<PolicyRule> table = {
      {Public, "public", kPublicScope, kViewer},
      {Account, "account", kAccountScope, kViewer},
      {ViewWorkspace, "workspace.view", kWorkspaceScope, kViewer},
      {ViewMembers, "members.view", kWorkspaceScope, kViewer},
      {ViewActivity, "activity.view", kWorkspaceScope, kViewer},
      {ViewWorkflows, "workflows.view", kWorkspaceScope, kViewer},
      {CreateWorkflows, "workflows.create", kWorkspaceScope, kEditor},
      {EditWorkflows, "workflows.edit", kWorkspaceScope, kEditor},
      {DeleteWorkflows, "workflows.delete", kWorkspaceScope, kEditor},
      {ExecuteWorkflows, "workflows.execute", kWorkspaceScope, kEditor},
      {ViewExecutions, "executions.view", kWorkspaceScope, kViewer},
      {ViewAnalytics, "analytics.view", kWorkspaceScope, kViewer},
      {ViewSecrets, "secrets.view", kWorkspaceScope, kViewer},
      {ManageSecrets, "secrets.manage", kWorkspaceScope, kEditor},
      {ViewMcpServers, "mcp_servers.view", kWorkspaceScope, kViewer},
      {ManageMcpServers, "mcp_servers.manage", kWorkspaceScope, kAdministrator},
      {ViewFiles, "files.view", kWorkspaceScope, kViewer},
      {ManageFiles, "files.manage", kWorkspaceScope, kEditor},
      {UseTools, "tools.use", kWorkspaceScope, kEditor},
      {InviteMembers, "members.invite", kWorkspaceScope, kAdministrator},
      {RemoveMembers, "members.remove", kWorkspaceScope, kAdministrator},
      {ChangeRoles, "members.change_role", kWorkspaceScope, kAdministrator},
      {WorkspaceSettings, "workspace.settings", kWorkspaceScope, kAdministrator},
      {TransferOwnership, "workspace.transfer_ownership", kWorkspaceScope, kOwner},
      {DeleteWorkspace, "workspace.delete", kWorkspaceScope, kOwner},
      {ManageApiKeys, "api_keys.manage", kWorkspaceScope, kAdministrator},
  };
  return table;
}

}  // namespace

const std::vector<PolicyRule>& policyTable() {
  return rules();
}

const PolicyRule& policyRule(Action action) {
  for (const PolicyRule& rule : rules()) {
    if (rule.action == action) return rule;
  }
  throw std::logic_error("Action " + std::to_string(static_cast<int>(action)) +
                         " has no policy rule");
}

const PolicyRule* findPolicyRule(std::string_view name) {
  for (const PolicyRule& rule : rules()) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

std::string_view actionName(Action action) {
  return policyRule(action).name;
}

bool roleAllows(WorkspaceRole role, Action action) {
  const PolicyRule& rule = policyRule(action);
  return rule.scope != ActionScope::Workspace || role >= rule.minimum;
}

WorkspaceRole authorize(const Caller& caller, std::string_view workspace_id, Action action) {
  return requireWorkspaceRole(caller, workspace_id, policyRule(action).minimum);
}

std::vector<std::string> listScope(const Caller& caller,
                                   const std::optional<std::string>& requested, Action action) {
  if (!requested) return readableWorkspaceIds(caller);
  authorize(caller, *requested, action);
  // authorize() found the membership, so the id is well-formed and stored canonical.
  return {caller.membership(store::canonicalUuid(*requested).value_or(*requested))->workspace_id};
}

bool mayPerform(const Caller& caller, std::string_view workspace_id, Action action) {
  const WorkspaceMembership* membership = caller.membership(workspace_id);
  const auto role = membership ? parseWorkspaceRole(membership->role) : std::nullopt;
  return role && roleAllows(*role, action);
}

}  // namespace orchestra::auth
