// SQL for workspace secrets and the wrapped data keys that seal them. Only sealed bytes (base64
// text) pass through here: encryption and its rules live in host/secrets/.
#pragma once

#include <Poco/Data/Session.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/store/Database.hpp"

namespace orchestra::store {

// A value sealed with AES-256-GCM: ciphertext followed by its tag, and the nonce, as base64.
struct SealedText {
  std::string ciphertext;
  std::string nonce;
  std::int64_t key_version = 1;
};

struct SecretRow {
  std::string id;  // chosen by the caller: it is part of the sealed value's associated data
  std::string workspace_id;
  std::string name;
  std::optional<std::string> description;
  SealedText sealed;
  std::optional<std::string> created_by;
  std::string created_at;
  std::string updated_at;
};

struct SecretPage {
  std::vector<SecretRow> rows;
  std::int64_t total = 0;
};

struct WorkspaceKeyRow {
  std::string workspace_id;
  SealedText wrapped_key;
  std::string master_key_id;  // fingerprint of the master key that wrapped it
  std::string created_at;
};

class SecretRepository {
 public:
  explicit SecretRepository(Database& database) : database_(database) {}

  // Throws StoreError (UniqueViolation) when the workspace already has a secret of that name.
  SecretRow create(const SecretRow& secret);
  std::optional<SecretRow> find(std::string_view workspace_id, std::string_view name);
  // Sorted by name.
  SecretPage list(std::string_view workspace_id, std::int64_t limit, std::int64_t offset);
  // Replaces what is given; false when there is no such secret.
  bool update(std::string_view workspace_id, std::string_view name,
              const std::optional<SealedText>& sealed,
              const std::optional<std::optional<std::string>>& description);
  bool remove(std::string_view workspace_id, std::string_view name);

  std::optional<WorkspaceKeyRow> findKey(std::string_view workspace_id);
  // Stores `key` unless the workspace has one already (another request may have made it at the
  // same moment); returns the key that is stored either way.
  WorkspaceKeyRow insertKeyOrGet(const WorkspaceKeyRow& key);
  // Every workspace key, and the re-wrap of one, inside the caller's transaction (master key
  // rotation rewrites them all or none).
  std::vector<WorkspaceKeyRow> allKeys(Poco::Data::Session& session);
  void replaceKey(Poco::Data::Session& session, const WorkspaceKeyRow& key);

 private:
  std::vector<SecretRow> select(Poco::Data::Session& session, const std::string& where,
                                std::vector<std::string>& parameters, std::string_view suffix);
  std::vector<WorkspaceKeyRow> selectKeys(Poco::Data::Session& session, const std::string& where,
                                          std::vector<std::string>& parameters);

  Database& database_;
};

}  // namespace orchestra::store
