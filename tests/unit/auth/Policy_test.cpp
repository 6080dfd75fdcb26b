// The policy table against the plan's permission matrix, row by row, and the table's own
// consistency (one rule per action, unique names), since every route names its rule.
#include "host/auth/Policy.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "host/errors/ApiError.hpp"

namespace orchestra::auth {
namespace {

using enum Action;

// Owner, Admin, Editor, Viewer: the plan's columns.
void expectRow(Action action, bool owner, bool administrator, bool editor, bool viewer) {
  EXPECT_EQ(roleAllows(WorkspaceRole::Owner, action), owner) << actionName(action);
  EXPECT_EQ(roleAllows(WorkspaceRole::Administrator, action), administrator) << actionName(action);
  EXPECT_EQ(roleAllows(WorkspaceRole::Editor, action), editor) << actionName(action);
  EXPECT_EQ(roleAllows(WorkspaceRole::Viewer, action), viewer) << actionName(action);
}

TEST(Policy, FollowsThePlansPermissionMatrix) {
  expectRow(ViewWorkflows, true, true, true, true);
  expectRow(CreateWorkflows, true, true, true, false);
  expectRow(EditWorkflows, true, true, true, false);
  expectRow(DeleteWorkflows, true, true, true, false);
  expectRow(ExecuteWorkflows, true, true, true, false);
  expectRow(ViewAnalytics, true, true, true, true);
  expectRow(InviteMembers, true, true, false, false);
  expectRow(RemoveMembers, true, true, false, false);
  expectRow(ChangeRoles, true, true, false, false);
  expectRow(WorkspaceSettings, true, true, false, false);
  expectRow(DeleteWorkspace, true, false, false, false);
  // The rows the plan implies.
  expectRow(ViewExecutions, true, true, true, true);
  expectRow(ManageSecrets, true, true, true, false);
  expectRow(ManageMcpServers, true, true, false, false);
  expectRow(TransferOwnership, true, false, false, false);
  expectRow(ManageApiKeys, true, true, false, false);
}

TEST(Policy, EveryActionHasOneRuleWithAUniqueName) {
  std::set<std::string> names;
  for (int value = 0; value <= static_cast<int>(ManageApiKeys); ++value) {
    const auto action = static_cast<Action>(value);
    const PolicyRule& rule = policyRule(action);
    EXPECT_EQ(rule.action, action);
    EXPECT_TRUE(names.insert(std::string(rule.name)).second) << rule.name;
    EXPECT_EQ(findPolicyRule(rule.name), &rule);
  }
  EXPECT_EQ(names.size(), policyTable().size());
  EXPECT_EQ(findPolicyRule("workflows.fly"), nullptr);
}

TEST(Policy, AuthorizeAnswers404OutsideAnd403BelowTheRole) {
  const Caller caller("u", "u@example.com", "s",
                      {{"11111111-1111-1111-1111-111111111111", "editor"}});
  EXPECT_EQ(authorize(caller, "11111111-1111-1111-1111-111111111111", ExecuteWorkflows),
            WorkspaceRole::Editor);
  try {
    authorize(caller, "11111111-1111-1111-1111-111111111111", WorkspaceSettings);
    FAIL() << "an editor changed settings";
  } catch (const errors::ApiError& error) {
    EXPECT_EQ(error.status(), 403);
  }
  try {
    authorize(caller, "22222222-2222-2222-2222-222222222222", ViewWorkflows);
    FAIL() << "a stranger read a workspace";
  } catch (const errors::ApiError& error) {
    EXPECT_EQ(error.status(), 404);
  }
  EXPECT_EQ(listScope(caller, std::nullopt, ViewWorkflows).size(), 1U);
  EXPECT_FALSE(mayPerform(caller, "11111111-1111-1111-1111-111111111111", DeleteWorkspace));
}

}  // namespace
}  // namespace orchestra::auth
