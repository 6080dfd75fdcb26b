// `orchestra secrets rotate-master-key`: re-wraps every workspace's data key from the current
// master key to a new one in one transaction. Secret values stay as they are (the data keys do
// not change); afterwards only the new master key opens them.
#pragma once

#include <cstddef>

#include "host/secrets/MasterKey.hpp"
#include "host/store/Database.hpp"

namespace orchestra::secrets {

struct RotationResult {
  std::size_t rewrapped = 0;
  std::size_t already_new = 0;  // wrapped by the new key already (a rotation run twice)
};

// All or nothing: throws SecretUnreadable (nothing written) when any key is wrapped by neither
// key or does not verify, StoreError when the database fails.
RotationResult rotateMasterKey(store::Database& database, const MasterKey& current,
                               const MasterKey& next);

}  // namespace orchestra::secrets
