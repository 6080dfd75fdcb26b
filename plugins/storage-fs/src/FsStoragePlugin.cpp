#include "FsStoragePlugin.hpp"

#include "FsStorageBackend.hpp"

namespace orchestra::plugins::storage_fs {

void FsStoragePlugin::init(sdk::Registrar& registrar) {
  registrar.addStorageBackend<FsStorageBackend>();
}

}  // namespace orchestra::plugins::storage_fs
