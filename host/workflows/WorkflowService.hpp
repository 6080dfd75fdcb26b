// The rules of workflows, without HTTP: who may read and write one, what a save checks and
// records (a version with a change summary, never a silent overwrite), status transitions,
// duplicates, restores, and the export document that moves a workflow between installations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/auth/Caller.hpp"
#include "host/auth/Policy.hpp"
#include "host/bus/EventBus.hpp"
#include "host/errors/ApiError.hpp"
#include "host/plugins/McpToolGateway.hpp"
#include "host/plugins/PluginRegistry.hpp"
#include "host/store/AgentRepository.hpp"
#include "host/store/Database.hpp"
#include "host/store/WorkflowRepository.hpp"
#include "host/text/JsonDocument.hpp"
#include "host/workflows/GraphWarningsCache.hpp"

namespace orchestra::workflows {

struct VersionDigest;  // ChangeSummary.hpp

// A saved workflow and the graph problems it still has (a draft may be saved incomplete; the
// problems travel with it as warnings until it is published).
struct SavedWorkflow {
  store::WorkflowRow row;
  errors::IssueList warnings;
};

struct WorkflowFilter {
  std::optional<std::string> workspace_id;
  std::optional<std::string> status;
  std::vector<std::string> tags;
  std::optional<std::string> search;
  store::WorkflowSort sort = store::WorkflowSort::UpdatedAtDescending;
  std::int64_t limit = 20;
  std::int64_t offset = 0;
};

class WorkflowService {
 public:
  // Every change is announced on `events` (when given) on the workspace's collaboration
  // channel, so that collaborators' studios see it live.
  // `mcp_tools` (may be null) knows the tools of the workspaces' MCP servers: mcp.tool nodes'
  // arguments are checked against their input schemas.
  WorkflowService(store::Database& database, const plugins::PluginRegistry& registry,
                  bus::EventBus* events = nullptr, plugins::McpToolGateway* mcp_tools = nullptr);

  // `body` was checked against the route's schema (names, types, sizes). It is consumed: once
  // its content is taken out and the graph checked, the document is released, so that a graph
  // of megabytes is held once, as text, while it is stored.
  SavedWorkflow create(const auth::Caller& caller, text::JsonDocument body);
  SavedWorkflow get(const auth::Caller& caller, std::string_view id);
  // `expected_version` from If-Match or the body; a stale one is a 409 naming the current one.
  // `body` is consumed as create's.
  SavedWorkflow update(const auth::Caller& caller, std::string_view id, text::JsonDocument body,
                       std::optional<std::int64_t> expected_version);
  // Returns the workflow as it was (for the activity log).
  store::WorkflowRow remove(const auth::Caller& caller, std::string_view id);
  SavedWorkflow setStatus(const auth::Caller& caller, std::string_view id,
                          const std::string& status);
  SavedWorkflow duplicate(const auth::Caller& caller, std::string_view id);
  store::WorkflowPage list(const auth::Caller& caller, const WorkflowFilter& filter);

  std::vector<store::WorkflowVersionRow> versions(const auth::Caller& caller, std::string_view id);
  store::WorkflowVersionRow version(const auth::Caller& caller, std::string_view id,
                                    std::int64_t version);
  SavedWorkflow restore(const auth::Caller& caller, std::string_view id, std::int64_t version);

  // One self-contained JSON document: the graph, settings, the node types and plugin versions
  // it needs; no ids of this installation's users, no secrets.
  std::string exportDocument(const auth::Caller& caller, std::string_view id);
  // A new draft from an export document; unknown node types are reported as warnings located
  // under ["body", "workflow", "nodes", i, "type"], never dropped.
  SavedWorkflow importDocument(const auth::Caller& caller, text::JsonView document);

  // The problems `nodes`/`connections` of a workflow of `workspace_id` have, located under
  // `loc_prefix`. `sent` is the request object the content came from, when it did: its nodes and
  // connections are read where they are, not parsed again from the content's text (a graph of
  // megabytes would otherwise be held as two documents at once).
  errors::IssueList checkGraph(const store::WorkflowContent& content,
                               const std::string& workspace_id,
                               const std::vector<std::string>& loc_prefix,
                               text::JsonView sent = {}) const;

 private:
  store::WorkflowRow readable(const auth::Caller& caller, std::string_view id);
  store::WorkflowRow writable(const auth::Caller& caller, std::string_view id, auth::Action action);
  SavedWorkflow withWarnings(store::WorkflowRow row) const;
  // A new workflow of `content`, in the workspace `placement` names (else the caller's own);
  // `sent` and `loc_prefix` as for checkGraph. `release_after_check` (may be null) is the
  // document `placement` and `sent` point into: emptied once the graph is checked, before the
  // content is stored.
  SavedWorkflow createFrom(const auth::Caller& caller, text::JsonView placement,
                           store::WorkflowContent content, text::JsonView sent,
                           const std::vector<std::string>& loc_prefix,
                           text::JsonDocument* release_after_check);
  // `before` is the stored version's digest (its texts in `current` may already be gone).
  SavedWorkflow saveContent(const auth::Caller& caller, const store::WorkflowRow& current,
                            const VersionDigest& before, const store::WorkflowContent& content,
                            std::int64_t expected_version, const std::string& summary_prefix,
                            text::JsonView sent = {},
                            text::JsonDocument* release_after_check = nullptr);

  // {type: workflow_saved | workflow_deleted | workflow_status, status: the workflow's,
  // data: {workflow_id, version, name, user_id}} on "workspace:<id>:collaboration".
  void announce(const char* type, const store::WorkflowRow& row, const auth::Caller& caller) const;

  store::Database& database_;
  const plugins::PluginRegistry& registry_;
  bus::EventBus* events_;
  plugins::McpToolGateway* mcp_tools_;
  store::WorkflowRepository workflows_;
  store::AgentRepository agents_;
  // GET answers a workflow's warnings too; without this every read re-validated its graph.
  mutable GraphWarningsCache warnings_cache_;
};

// The words of a search query as the indexes match them: runs of letters, digits and '_'
// (ASCII lower-cased; other UTF-8 kept), at most 8.
std::vector<std::string> searchWords(std::string_view query);

}  // namespace orchestra::workflows
