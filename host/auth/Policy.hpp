// The plan's permission matrix as one table in code: every route names the Action it performs
// (http::RouteDoc::action) and every handler asks authorize() for that Action, never for a role.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/auth/Authorization.hpp"
#include "host/auth/Caller.hpp"

namespace orchestra::auth {

// What a request does. The matrix rows of the plan, plus the areas the plan leaves implicit.
enum class Action {
  Public,   // no sign-in: health, sign-in itself, webhooks (which carry their own secret)
  Account,  // any signed-in user, on their own account or across only their own workspaces
  ViewWorkspace,
  ViewMembers,
  ViewActivity,
  ViewWorkflows,
  CreateWorkflows,
  EditWorkflows,
  DeleteWorkflows,
  ExecuteWorkflows,
  ViewExecutions,
  ViewAnalytics,
  ViewSecrets,
  ManageSecrets,
  ViewMcpServers,
  ManageMcpServers,
  ViewFiles,
  ManageFiles,
  UseTools,
  InviteMembers,
  RemoveMembers,
  ChangeRoles,
  WorkspaceSettings,
  TransferOwnership,
  DeleteWorkspace,
  ManageApiKeys,
};

// Who an Action is checked against: nobody, the signed-in user, or a workspace role.
enum class ActionScope { Public, Account, Workspace };

struct PolicyRule {
  Action action;
  std::string_view name;  // what routes declare and OpenAPI shows (x-orchestra-action)
  ActionScope scope;
  WorkspaceRole minimum;  // meaningful for ActionScope::Workspace only
};

// Every rule, in Action order.
const std::vector<PolicyRule>& policyTable();
const PolicyRule& policyRule(Action action);
// The rule a route declared by name, or null for a name the table does not know.
const PolicyRule* findPolicyRule(std::string_view name);
std::string_view actionName(Action action);

// Whether `role` may perform `action` (Public and Account actions: always).
bool roleAllows(WorkspaceRole role, Action action);

// The one check handlers make: 404 when the caller is not a member of `workspace_id` (its
// existence is not confirmed), 403 when their role is below the action's. Returns the role.
WorkspaceRole authorize(const Caller& caller, std::string_view workspace_id, Action action);

// The workspaces a list answers from: `requested` alone once authorize() allows `action` there,
// else every workspace the caller belongs to (lists are scoped `workspace_id IN (...)`).
std::vector<std::string> listScope(const Caller& caller,
                                   const std::optional<std::string>& requested, Action action);

// True when the caller's membership of `workspace_id` allows `action` (no throw).
bool mayPerform(const Caller& caller, std::string_view workspace_id, Action action);

}  // namespace orchestra::auth
