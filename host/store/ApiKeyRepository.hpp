// SQL for workspace API keys (api_keys): the hash of each secret and what people see of a key
// (name, prefix, dates). The secrets themselves are never stored; auth/ApiKeyService makes them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/store/Database.hpp"

namespace orchestra::store {

struct ApiKeyRow {
  std::string id;
  std::string workspace_id;
  std::string name;
  std::string key_prefix;  // the secret's first characters, to tell keys apart
  std::string created_by;
  std::string created_at;
  std::optional<std::string> last_used_at;
  std::optional<std::string> expires_at;
  std::optional<std::string> revoked_at;
};

class ApiKeyRepository {
 public:
  explicit ApiKeyRepository(Database& database) : database_(database) {}

  // `key_hash`: the secret's SHA-256 in hex. `row.id` and timestamps other than expires_at are
  // ignored: the id is made here, the database stamps created_at.
  ApiKeyRow create(const ApiKeyRow& row, const std::string& key_hash);
  // A workspace's keys, revoked ones included, newest first.
  std::vector<ApiKeyRow> list(std::string_view workspace_id);
  std::optional<ApiKeyRow> find(std::string_view workspace_id, std::string_view id);
  // The unrevoked key whose secret hashes to `key_hash`, provided its creator is still an active
  // user and a member of its workspace; expiry is the caller's to check.
  std::optional<ApiKeyRow> findUsable(const std::string& key_hash);
  // Stamps revoked_at; false when the workspace holds no unrevoked key of this id.
  bool revoke(std::string_view workspace_id, std::string_view id);
  void recordUse(std::string_view id);

 private:
  std::vector<ApiKeyRow> select(const std::string& where, std::vector<std::string>& parameters);

  Database& database_;
};

}  // namespace orchestra::store
