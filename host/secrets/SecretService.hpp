// The rules of workspace secrets: who may list, create, rotate and delete them (workspace
// roles), their names and sizes, and sealing each value at rest. Values go in and, only for a
// running execution of the same workspace, come out; nothing here ever returns one to a caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "host/auth/Caller.hpp"
#include "host/runtime/SecretSource.hpp"
#include "host/secrets/MasterKey.hpp"
#include "host/store/SecretRepository.hpp"
#include "host/text/JsonDocument.hpp"

namespace orchestra::secrets {

// The largest value a secret may hold (API keys, certificates, service-account JSON).
inline constexpr std::size_t kMaxSecretValueBytes = std::size_t{64} * 1024;

class SecretService final : public runtime::SecretSource {
 public:
  // Without a master key the store is off: every call answers 503 naming `master_key_env`.
  SecretService(store::Database& database, std::optional<MasterKey> master_key,
                std::string master_key_env);

  bool enabled() const noexcept { return master_key_.has_value(); }

  // `workspace_id` (query or body) picks the workspace; the caller's personal one otherwise.
  // Reads need membership, writes the editor role. Bodies were checked against the route's
  // schema. Errors: ApiError 503 (off), 404, 403, 409 (name taken), 422 (value too large).
  store::SecretRow create(const auth::Caller& caller,
                          const std::optional<std::string>& workspace_id, text::JsonView body);
  store::SecretPage list(const auth::Caller& caller, const std::optional<std::string>& workspace_id,
                         std::int64_t limit, std::int64_t offset);
  store::SecretRow get(const auth::Caller& caller, const std::optional<std::string>& workspace_id,
                       std::string_view name);
  // A new value (sealed afresh) and/or description.
  store::SecretRow update(const auth::Caller& caller,
                          const std::optional<std::string>& workspace_id, std::string_view name,
                          text::JsonView body);
  // Returns the workspace it was removed from (for the activity log).
  std::string remove(const auth::Caller& caller, const std::optional<std::string>& workspace_id,
                     std::string_view name);

  // runtime::SecretSource: throws SecretUnreadable for a row that does not verify, and
  // std::runtime_error when the store is off.
  std::optional<std::string> reveal(const std::string& workspace_id,
                                    const std::string& name) override;

  // Values that other rows keep sealed with their workspace's data key (an MCP server's env and
  // headers). `owner_id` (that row's id) and `name` bind each to its place, as a secret's row
  // does. sealFor throws ApiError 503 when the store is off; openFor throws SecretUnreadable or
  // std::runtime_error (store off), naming `name`, never a value.
  store::SealedText sealFor(const std::string& workspace_id, const std::string& owner_id,
                            const std::string& name, std::string_view value);
  std::string openFor(const std::string& workspace_id, const std::string& owner_id,
                      const std::string& name, const store::SealedText& sealed);

 private:
  void requireEnabled() const;
  void requireEnabledFor(const std::string& name) const;
  std::string workspaceFor(const auth::Caller& caller, const std::optional<std::string>& requested,
                           bool write) const;
  // The workspace's data key, made (and stored wrapped) on its first secret when `create`.
  std::optional<KeyBytes> dataKey(const std::string& workspace_id, bool create);
  // Throws SecretUnreadable naming secret `name` when the workspace has no data key.
  KeyBytes existingDataKey(const std::string& workspace_id, const std::string& name);
  store::SealedText sealedValue(const store::SecretRow& row, text::JsonView body);

  store::SecretRepository secrets_;
  std::optional<MasterKey> master_key_;
  std::string master_key_env_;
};

}  // namespace orchestra::secrets
