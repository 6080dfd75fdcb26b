// The "storage.fs" plugin: registers the local-filesystem storage backend, the default place
// where uploads and node files live when no object store is configured.
#pragma once

#include "orchestra/sdk/Plugin.hpp"

namespace orchestra::plugins::storage_fs {

struct FsStoragePlugin {
  static constexpr sdk::PluginInfo info{"storage.fs", "1.0.0", "Local filesystem storage",
                                        "Stores files in a folder of the host's filesystem."};
  static void init(sdk::Registrar& registrar);
};

}  // namespace orchestra::plugins::storage_fs
