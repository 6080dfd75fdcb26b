// Rules that involve more than one key, or more than a key's type and range, checked once the
// whole configuration is read (file and environment), so the error points at the right key.
#pragma once

#include "host/config/Config.hpp"
#include "host/config/ValueReader.hpp"

namespace orchestra::config {

// Throws ConfigError naming the offending key and where it was set.
void checkConfig(const Config& config, const ValueReader& reader);

}  // namespace orchestra::config
