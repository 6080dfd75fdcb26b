#include "host/secrets/SecretSealing.hpp"

namespace orchestra::secrets {

namespace {

constexpr std::int64_t kDataKeyVersion = 1;

std::string keyAssociatedData(const std::string& workspace_id) {
  return "orchestra workspace key v1\n" + workspace_id;
}

// The row's identity: a value copied onto another row (or another workspace, or renamed) no
// longer verifies.
std::string valueAssociatedData(const store::SecretRow& row) {
  return "orchestra secret v1\n" + row.workspace_id + "\n" + row.id + "\n" + row.name;
}

store::SealedText toText(const SealedBytes& sealed) {
  return {base64Encode(sealed.ciphertext_and_tag), base64Encode(sealed.nonce), kDataKeyVersion};
}

std::optional<SealedBytes> fromText(const store::SealedText& text) {
  auto ciphertext = base64Decode(text.ciphertext);
  auto nonce = base64Decode(text.nonce);
  if (!ciphertext || !nonce) return std::nullopt;
  return SealedBytes{std::move(*ciphertext), std::move(*nonce)};
}

}  // namespace

store::WorkspaceKeyRow wrapDataKey(const MasterKey& master, const KeyBytes& data_key,
                                   const std::string& workspace_id) {
  store::WorkspaceKeyRow row;
  row.workspace_id = workspace_id;
  row.wrapped_key = toText(seal(master.key(), data_key.view(), keyAssociatedData(workspace_id)));
  row.master_key_id = master.id();
  return row;
}

KeyBytes unwrapDataKey(const MasterKey& master, const store::WorkspaceKeyRow& row) {
  if (row.master_key_id != master.id()) {
    throw SecretUnreadable("the secrets of workspace " + row.workspace_id +
                           " are sealed under master key " + row.master_key_id +
                           ", not the configured one (" + master.id() +
                           "): start the host with that key, or rotate-master-key from it");
  }
  const auto sealed = fromText(row.wrapped_key);
  auto bytes =
      sealed ? open(master.key(), *sealed, keyAssociatedData(row.workspace_id)) : std::nullopt;
  std::optional<KeyBytes> key = bytes ? KeyBytes::fromBytes(*bytes) : std::nullopt;
  if (bytes) wipe(*bytes);
  if (!key) {
    throw SecretUnreadable("the data key of workspace " + row.workspace_id +
                           " was altered or belongs to another workspace: refusing its secrets");
  }
  return *key;
}

store::SealedText sealValue(const KeyBytes& data_key, const store::SecretRow& row,
                            std::string_view value) {
  return toText(seal(data_key, value, valueAssociatedData(row)));
}

std::string openValue(const KeyBytes& data_key, const store::SecretRow& row) {
  const auto sealed = fromText(row.sealed);
  auto value = sealed ? open(data_key, *sealed, valueAssociatedData(row)) : std::nullopt;
  if (!value) {
    throw SecretUnreadable("secret '" + row.name +
                           "' cannot be decrypted: its stored value was altered or belongs to "
                           "another row");
  }
  return std::move(*value);
}

}  // namespace orchestra::secrets
