// Every configuration key the host understands, with type, limits, default, environment variable
// and one line of documentation: the data behind `orchestra config keys` and config/orchestra.yaml.
#pragma once

#include <span>

#include "host/config/KeyDescription.hpp"

namespace orchestra::config {

// In file order; the keys of object-list entries follow their list as "plugins.load[].file".
std::span<const KeyDescription> describeKeys();

}  // namespace orchestra::config
