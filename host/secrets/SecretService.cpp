#include "host/secrets/SecretService.hpp"

#include "host/auth/Policy.hpp"
#include "host/errors/ApiError.hpp"
#include "host/secrets/SecretSealing.hpp"
#include "host/store/SqlValues.hpp"

namespace orchestra::secrets {

namespace {

using errors::ApiError;

ApiError secretNotFound(std::string_view name) {
  return ApiError::notFound("Secret '" + std::string(name) + "' not found");
}

std::optional<std::optional<std::string>> descriptionIn(text::JsonView body) {
  if (!body.has("description")) return std::nullopt;
  if (body.isNull("description")) return std::optional<std::string>();
  return body.getValue<std::string>("description");
}

}  // namespace

SecretService::SecretService(store::Database& database, std::optional<MasterKey> master_key,
                             std::string master_key_env)
    : secrets_(database),
      master_key_(std::move(master_key)),
      master_key_env_(std::move(master_key_env)) {}

void SecretService::requireEnabled() const {
  if (!enabled()) {
    throw ApiError(503, "Secrets are off: this host has no master key. Set " + master_key_env_ +
                            " to the base64 of 32 random bytes and restart it");
  }
}

std::string SecretService::workspaceFor(const auth::Caller& caller,
                                        const std::optional<std::string>& requested,
                                        bool write) const {
  std::string workspace_id = auth::requestedOrPersonalWorkspace(caller, requested);
  auth::authorize(caller, workspace_id,
                  write ? auth::Action::ManageSecrets : auth::Action::ViewSecrets);
  return store::canonicalUuid(workspace_id).value_or(workspace_id);
}

std::optional<KeyBytes> SecretService::dataKey(const std::string& workspace_id, bool create) {
  auto stored = secrets_.findKey(workspace_id);
  if (!stored && !create) return std::nullopt;
  if (!stored) {
    stored = secrets_.insertKeyOrGet(wrapDataKey(*master_key_, KeyBytes::random(), workspace_id));
  }
  return unwrapDataKey(*master_key_, *stored);
}

KeyBytes SecretService::existingDataKey(const std::string& workspace_id, const std::string& name) {
  auto key = dataKey(workspace_id, false);
  if (!key) {
    throw SecretUnreadable("secret '" + name +
                           "' cannot be decrypted: its workspace has no data key");
  }
  return *key;
}

store::SealedText SecretService::sealedValue(const store::SecretRow& row, text::JsonView body) {
  auto value = body.getValue<std::string>("value");
  if (value.size() > kMaxSecretValueBytes) {
    wipe(value);
    throw ApiError::validation(
        {"body", "value"},
        "Value should have at most " + std::to_string(kMaxSecretValueBytes) + " bytes",
        "string_too_long");
  }
  try {
    const auto key = dataKey(row.workspace_id, true);
    store::SealedText sealed = sealValue(*key, row, value);
    wipe(value);
    return sealed;
  } catch (const SecretUnreadable& error) {
    wipe(value);
    // The master key in use cannot open this workspace's data key: nothing can be stored.
    throw ApiError(503, error.what());
  }
}

store::SecretRow SecretService::create(const auth::Caller& caller,
                                       const std::optional<std::string>& workspace_id,
                                       text::JsonView body) {
  requireEnabled();
  store::SecretRow row;
  row.workspace_id = workspaceFor(caller, workspace_id, true);
  row.id = store::newUuid();
  row.name = body.getValue<std::string>("name");
  if (auto description = descriptionIn(body)) row.description = *description;
  row.created_by = caller.userId();
  if (secrets_.find(row.workspace_id, row.name)) {
    throw ApiError::conflict("A secret named '" + row.name + "' exists in this workspace");
  }
  row.sealed = sealedValue(row, body);
  try {
    return secrets_.create(row);
  } catch (const store::StoreError& error) {
    if (error.kind() != store::StoreErrorKind::UniqueViolation) throw;
    throw ApiError::conflict("A secret named '" + row.name + "' exists in this workspace");
  }
}

store::SecretPage SecretService::list(const auth::Caller& caller,
                                      const std::optional<std::string>& workspace_id,
                                      std::int64_t limit, std::int64_t offset) {
  requireEnabled();
  return secrets_.list(workspaceFor(caller, workspace_id, false), limit, offset);
}

store::SecretRow SecretService::get(const auth::Caller& caller,
                                    const std::optional<std::string>& workspace_id,
                                    std::string_view name) {
  requireEnabled();
  auto row = secrets_.find(workspaceFor(caller, workspace_id, false), name);
  if (!row) throw secretNotFound(name);
  return std::move(*row);
}

store::SecretRow SecretService::update(const auth::Caller& caller,
                                       const std::optional<std::string>& workspace_id,
                                       std::string_view name, text::JsonView body) {
  requireEnabled();
  const std::string workspace = workspaceFor(caller, workspace_id, true);
  auto row = secrets_.find(workspace, name);
  if (!row) throw secretNotFound(name);
  std::optional<store::SealedText> sealed;
  if (body.has("value")) sealed = sealedValue(*row, body);
  if (!secrets_.update(workspace, name, sealed, descriptionIn(body))) throw secretNotFound(name);
  return get(caller, workspace, name);
}

std::string SecretService::remove(const auth::Caller& caller,
                                  const std::optional<std::string>& workspace_id,
                                  std::string_view name) {
  requireEnabled();
  std::string workspace = workspaceFor(caller, workspace_id, true);
  if (!secrets_.remove(workspace, name)) throw secretNotFound(name);
  return workspace;
}

void SecretService::requireEnabledFor(const std::string& name) const {
  if (!enabled()) {
    throw std::runtime_error("secret '" + name +
                             "' cannot be read: secrets are off in this host (" + master_key_env_ +
                             " is not set)");
  }
}

std::optional<std::string> SecretService::reveal(const std::string& workspace_id,
                                                 const std::string& name) {
  requireEnabledFor(name);
  const auto row = secrets_.find(workspace_id, name);
  if (!row) return std::nullopt;
  return openValue(existingDataKey(row->workspace_id, name), *row);
}

namespace {

// The identity a value sealed for another row is bound to.
store::SecretRow ownedSlot(const std::string& workspace_id, const std::string& owner_id,
                           const std::string& name) {
  store::SecretRow slot;
  slot.workspace_id = workspace_id;
  slot.id = owner_id;
  slot.name = name;
  return slot;
}

}  // namespace

store::SealedText SecretService::sealFor(const std::string& workspace_id,
                                         const std::string& owner_id, const std::string& name,
                                         std::string_view value) {
  requireEnabled();
  try {
    const auto key = dataKey(workspace_id, true);
    return sealValue(*key, ownedSlot(workspace_id, owner_id, name), value);
  } catch (const SecretUnreadable& error) {
    throw ApiError(503, error.what());
  }
}

std::string SecretService::openFor(const std::string& workspace_id, const std::string& owner_id,
                                   const std::string& name, const store::SealedText& sealed) {
  requireEnabledFor(name);
  auto slot = ownedSlot(workspace_id, owner_id, name);
  slot.sealed = sealed;
  return openValue(existingDataKey(workspace_id, name), slot);
}

}  // namespace orchestra::secrets
