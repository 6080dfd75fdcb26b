// The shared library's one exported symbol; kept apart so tests link the plugin without it.
#include "FsStoragePlugin.hpp"

ORCHESTRA_PLUGIN(orchestra::plugins::storage_fs::FsStoragePlugin)
