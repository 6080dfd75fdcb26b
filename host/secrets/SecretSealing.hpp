// How secrets are sealed at rest: each workspace's data key wrapped by the master key with the
// workspace id as associated data, and each value sealed by the data key with its row's
// identity as associated data, so no wrapped key or value is accepted anywhere but its own row.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "host/secrets/MasterKey.hpp"
#include "host/secrets/SecretCipher.hpp"
#include "host/store/SecretRepository.hpp"

namespace orchestra::secrets {

// A stored key or value that cannot be opened: altered, moved to another row, or sealed under
// another key. The message names the row (workspace, secret name), never a value.
class SecretUnreadable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A fresh data key for `workspace_id`, wrapped by `master`.
store::WorkspaceKeyRow wrapDataKey(const MasterKey& master, const KeyBytes& data_key,
                                   const std::string& workspace_id);
// Throws SecretUnreadable when `row` was wrapped by another master key or does not verify.
KeyBytes unwrapDataKey(const MasterKey& master, const store::WorkspaceKeyRow& row);

// `value` sealed for the secret row with this id, workspace and name.
store::SealedText sealValue(const KeyBytes& data_key, const store::SecretRow& row,
                            std::string_view value);
// Throws SecretUnreadable when the sealed value is not exactly what was sealed for this row.
std::string openValue(const KeyBytes& data_key, const store::SecretRow& row);

}  // namespace orchestra::secrets
