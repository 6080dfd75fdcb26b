// SQL for MCP server definitions (mcp_servers): what to run or where to connect, the sealed env
// and headers (base64 text only: sealing lives in host/secrets/), the cached tool list and the
// last known status.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/store/Database.hpp"

namespace orchestra::store {

// What a client sets.
struct McpServerSettings {
  std::string name;
  std::string type;  // stdio, http (Streamable HTTP), sse (HTTP+SSE)
  std::optional<std::string> command;
  std::vector<std::string> args;
  std::optional<std::string> url;
  std::string sealed_env = "{}";      // {"NAME": {"ciphertext", "nonce", "key_version"}}
  std::string sealed_headers = "{}";  // the same shape
};

struct McpServerRow {
  std::string id;  // chosen by the caller: sealed values are bound to it
  std::string workspace_id;
  std::string user_id;
  McpServerSettings settings;
  std::optional<std::string> tools_json;  // the last tool list, a JSON array
  std::string capabilities_json = "{}";   // the server's initialize answer (serverInfo, version)
  std::string status = "disconnected";
  std::optional<std::string> status_error;
  std::optional<std::string> last_connected_at;
  std::optional<std::string> last_seen_at;
  std::string created_at;
  std::string updated_at;
};

struct McpServerPage {
  std::vector<McpServerRow> rows;
  std::int64_t total = 0;
};

class McpServerRepository {
 public:
  explicit McpServerRepository(Database& database) : database_(database) {}

  McpServerRow create(const McpServerRow& server);
  std::optional<McpServerRow> find(std::string_view id);
  // Scoped to `workspace_ids`, oldest first.
  McpServerPage list(const std::vector<std::string>& workspace_ids, std::int64_t limit,
                     std::int64_t offset);
  // Every definition (start-up), oldest first.
  std::vector<McpServerRow> all();
  bool update(std::string_view id, const McpServerSettings& settings);
  bool remove(std::string_view id);

  // After a connect, a failure or a disconnect. `connected` also stamps last_connected_at.
  void recordStatus(std::string_view id, std::string_view status,
                    const std::optional<std::string>& error, bool connected,
                    const std::optional<std::string>& capabilities_json);
  // A fresh tool list; stamps last_seen_at.
  void recordTools(std::string_view id, const std::string& tools_json);

 private:
  std::vector<McpServerRow> select(const std::string& where, std::vector<std::string>& parameters,
                                   std::string_view suffix);

  Database& database_;
};

}  // namespace orchestra::store
