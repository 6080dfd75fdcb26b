// The rules of MCP server definitions: who may see, add, change, connect and remove them
// (workspace roles), what a definition may hold (stdio commands under the operator's spawn
// rules, http(s) URLs), env values and headers sealed at rest, and the supervisor kept in step
// with the stored definitions, also those another instance wrote. Plugins reach the servers of
// their execution's workspace through it (plugins::McpToolGateway).
#pragma once

#include <Poco/JSON/Object.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "host/auth/Caller.hpp"
#include "host/mcp/McpSupervisor.hpp"
#include "host/mcp/McpValueSealer.hpp"
#include "host/plugins/McpToolGateway.hpp"
#include "host/plugins/SpawnRules.hpp"
#include "host/store/McpServerRepository.hpp"
#include "host/text/JsonDocument.hpp"

namespace orchestra::mcp {

// A stored definition and what this instance knows of it live.
struct McpServerView {
  store::McpServerRow row;
  std::vector<std::string> env_names;  // values are never shown
  std::vector<std::string> header_names;
  std::optional<McpServerStatus> live;  // when this instance supervises it
};

struct McpServerViewPage {
  std::vector<McpServerView> views;
  std::int64_t total = 0;
};

class McpServerService final : public plugins::McpToolGateway {
 public:
  // `spawn_rules` null: stdio servers are refused (no spawning in this host).
  McpServerService(store::Database& database, McpSupervisor& supervisor, McpValueSealer& sealer,
                   const plugins::SpawnRules* spawn_rules);
  ~McpServerService() override;
  McpServerService(const McpServerService&) = delete;
  McpServerService& operator=(const McpServerService&) = delete;

  // Defines every stored server in the supervisor (none connects until it is used).
  void loadAll();

  // Bodies were checked against the route's schema. `workspace_id` (body or query) picks the
  // workspace on create and filters the list. Reads need viewer, everything else editor.
  // Errors: ApiError 404 (no such server or not the caller's workspace), 403, 422 (definition
  // refused, spawn rules), 503 (env or headers while the secrets store is off), 502 (connect
  // failed; the status keeps the reason).
  McpServerView create(const auth::Caller& caller, const std::optional<std::string>& workspace_id,
                       text::JsonView body);
  McpServerViewPage list(const auth::Caller& caller, const std::optional<std::string>& workspace_id,
                         std::int64_t limit, std::int64_t offset);
  McpServerView get(const auth::Caller& caller, std::string_view id);
  McpServerView update(const auth::Caller& caller, std::string_view id, text::JsonView body);
  // Returns the workspace it belonged to (for the activity log).
  std::string remove(const auth::Caller& caller, std::string_view id);
  McpServerView connect(const auth::Caller& caller, std::string_view id);
  McpServerView disconnect(const auth::Caller& caller, std::string_view id);
  // The server's tools (a JSON array with input schemas): live when it is connected or
  // `refresh` (editor: that may start it), else the last list it gave.
  std::string tools(const auth::Caller& caller, std::string_view id, bool refresh);

  // plugins::McpToolGateway
  plugins::McpGatewayAnswer callTool(const std::string& workspace_id, const std::string& server_id,
                                     const std::string& tool_name,
                                     const std::string& arguments_json,
                                     const std::function<bool()>& is_cancelled) override;
  plugins::McpGatewayAnswer listTools(const std::string& workspace_id,
                                      const std::string& server_id) override;
  std::optional<std::string> cachedInputSchema(const std::string& workspace_id,
                                               const std::string& server_id,
                                               const std::string& tool_name) override;

 private:
  // The row when the caller may read it (write: change it); 404 for another workspace's.
  store::McpServerRow readable(const auth::Caller& caller, std::string_view id, bool write);
  store::McpServerSettings settingsFrom(text::JsonView body, const store::McpServerRow& current);
  void checkDefinition(const store::McpServerSettings& settings, text::JsonView body) const;
  McpServerDefinition definitionOf(const store::McpServerRow& row);
  // Defines `row` in the supervisor unless this version of it is defined already. Throws
  // McpError(Unavailable) when its sealed values cannot be opened.
  void ensureDefined(const store::McpServerRow& row);
  McpServerView viewOf(store::McpServerRow row) const;
  // The server when it belongs to `workspace_id`, defined in the supervisor.
  std::optional<store::McpServerRow> definedInWorkspace(const std::string& workspace_id,
                                                        const std::string& server_id);
  std::string listAndRecord(const std::string& id, bool refresh);
  void refreshLoop();

  store::McpServerRepository servers_;
  McpSupervisor& supervisor_;
  McpValueSealer& sealer_;
  const plugins::SpawnRules* spawn_rules_;

  mutable std::mutex mutex_;
  std::map<std::string, std::string> defined_;  // server id → updated_at of what is defined
  // Servers whose tools changed (tools/list_changed), listed again off the reader thread.
  std::deque<std::string> stale_;
  bool stopping_ = false;
  std::condition_variable wakeup_;
  std::thread refresher_;
};

}  // namespace orchestra::mcp
