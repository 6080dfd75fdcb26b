#include "host/secrets/MasterKeyRotation.hpp"

#include "host/secrets/SecretSealing.hpp"
#include "host/store/SecretRepository.hpp"

namespace orchestra::secrets {

RotationResult rotateMasterKey(store::Database& database, const MasterKey& current,
                               const MasterKey& next) {
  store::SecretRepository repository(database);
  return database.withTransaction([&](Poco::Data::Session& session) {
    RotationResult result;
    for (const store::WorkspaceKeyRow& row : repository.allKeys(session)) {
      if (row.master_key_id == next.id()) {
        unwrapDataKey(next, row);  // verifies it, so a rerun still refuses a damaged row
        ++result.already_new;
        continue;
      }
      const KeyBytes data_key = unwrapDataKey(current, row);
      repository.replaceKey(session, wrapDataKey(next, data_key, row.workspace_id));
      ++result.rewrapped;
    }
    return result;
  });
}

}  // namespace orchestra::secrets
