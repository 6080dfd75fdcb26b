// Workspace API keys: long-lived bearer secrets for programs (MCP clients, scripts). A key is
// made here, shown once, stored only as its SHA-256; presented later, it stands for a Caller
// who is an editor of the key's workspace and of nothing else.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/auth/Caller.hpp"
#include "host/store/ApiKeyRepository.hpp"

namespace orchestra::auth {

// What every secret starts with: tells a key from an access token (a JWT) at a glance.
inline constexpr std::string_view kApiKeyPrefix = "orc_";
// The one role a key has in its workspace, whoever made it: enough to list and run workflows,
// never to manage members, settings or other keys.
inline constexpr std::string_view kApiKeyRole = "editor";

struct CreatedApiKey {
  store::ApiKeyRow row;
  std::string secret;  // returned once, never again
};

class ApiKeyService {
 public:
  explicit ApiKeyService(store::Database& database) : keys_(database) {}

  // The caller must be allowed api_keys.manage in `workspace_id` (404/403 otherwise).
  // `expires_in_days`: none means the key lasts until revoked.
  CreatedApiKey create(const Caller& caller, std::string_view workspace_id, const std::string& name,
                       std::optional<int> expires_in_days);
  std::vector<store::ApiKeyRow> list(const Caller& caller, std::string_view workspace_id);
  // The revoked key; ApiError 404 when the workspace holds no unrevoked key of that id.
  store::ApiKeyRow revoke(const Caller& caller, std::string_view workspace_id,
                          std::string_view key_id);

  // The caller a presented secret stands for, or null: unknown, revoked, expired, or its
  // creator left the workspace or was disabled. Records the use (at most once a minute per key).
  std::shared_ptr<const Caller> authenticate(std::string_view secret);

 private:
  store::ApiKeyRepository keys_;
};

}  // namespace orchestra::auth
