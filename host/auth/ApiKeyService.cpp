#include "host/auth/ApiKeyService.hpp"

#include "host/auth/Crypto.hpp"
#include "host/auth/Policy.hpp"
#include "host/errors/ApiError.hpp"
#include "host/store/SqlValues.hpp"
#include "host/store/StoreError.hpp"
#include "host/store/Timestamp.hpp"
#include "host/text/Sha256.hpp"

namespace orchestra::auth {

namespace {

// 256 random bits: beyond guessing, so a plain SHA-256 is a sound hash to store.
constexpr std::size_t kSecretBytes = 32;
// "orc_" and 8 characters of the random part: 48 bits, enough to tell a workspace's keys apart
// while revealing nothing useful.
constexpr std::size_t kVisiblePrefixLength = 12;
// last_used_at is for people ("used yesterday"), not an audit log: one write a minute per key
// keeps busy clients from writing on every request.
constexpr std::int64_t kUseRecordIntervalMs = 60000;
constexpr std::int64_t kSecondsPerDay = 86400;

std::string canonicalWorkspace(const Caller& caller, std::string_view workspace_id) {
  authorize(caller, workspace_id, Action::ManageApiKeys);
  // authorize() found the membership, so the id is well-formed.
  return store::canonicalUuid(workspace_id).value_or(std::string(workspace_id));
}

}  // namespace

CreatedApiKey ApiKeyService::create(const Caller& caller, std::string_view workspace_id,
                                    const std::string& name, std::optional<int> expires_in_days) {
  store::ApiKeyRow row;
  row.workspace_id = canonicalWorkspace(caller, workspace_id);
  row.name = name;
  row.created_by = caller.userId();
  if (expires_in_days) {
    row.expires_at = store::utcTimestampFromNow(std::int64_t{*expires_in_days} * kSecondsPerDay);
  }
  CreatedApiKey created;
  created.secret = std::string(kApiKeyPrefix) + base64UrlEncode(randomBytes(kSecretBytes));
  row.key_prefix = created.secret.substr(0, kVisiblePrefixLength);
  created.row = keys_.create(row, text::sha256Hex(created.secret));
  return created;
}

std::vector<store::ApiKeyRow> ApiKeyService::list(const Caller& caller,
                                                  std::string_view workspace_id) {
  return keys_.list(canonicalWorkspace(caller, workspace_id));
}

store::ApiKeyRow ApiKeyService::revoke(const Caller& caller, std::string_view workspace_id,
                                       std::string_view key_id) {
  const std::string workspace = canonicalWorkspace(caller, workspace_id);
  if (!keys_.revoke(workspace, key_id)) {
    throw errors::ApiError::notFound("No active API key " + std::string(key_id) +
                                     " in this workspace");
  }
  auto revoked = keys_.find(workspace, key_id);
  if (!revoked) throw errors::ApiError::notFound("The API key is gone");
  return *revoked;
}

std::shared_ptr<const Caller> ApiKeyService::authenticate(std::string_view secret) {
  if (secret.substr(0, kApiKeyPrefix.size()) != kApiKeyPrefix) return nullptr;
  const auto key = keys_.findUsable(text::sha256Hex(secret));
  if (!key) return nullptr;
  if (key->expires_at) {
    const auto left = store::millisecondsUntil(*key->expires_at);
    if (!left || *left <= 0) return nullptr;
  }
  const auto since_use = key->last_used_at ? store::millisecondsUntil(*key->last_used_at)
                                           : std::optional<std::int64_t>();
  if (!since_use || -*since_use >= kUseRecordIntervalMs) {
    try {
      keys_.recordUse(key->id);
    } catch (const store::StoreError&) {
      // Bookkeeping only: a busy database must not refuse a valid key.
    }
  }
  // The key's creator stands behind what it starts (executions name a user), with the key's
  // role in the key's workspace only: other memberships of the creator are not the key's.
  return std::make_shared<const Caller>(
      key->created_by, "", "api-key:" + key->id,
      std::vector<WorkspaceMembership>{{key->workspace_id, std::string(kApiKeyRole)}});
}

}  // namespace orchestra::auth
