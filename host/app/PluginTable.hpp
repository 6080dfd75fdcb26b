// The human-readable table of `orchestra plugins list`: id, version, state, extensions, file,
// and the reason for every refused plugin.
#pragma once

#include <ostream>

#include "host/plugins/PluginRegistry.hpp"

namespace orchestra::app {

void printPluginTable(const plugins::PluginRegistry& registry, std::ostream& out);

}  // namespace orchestra::app
