// Rules that involve more than one key, or more than a key's type and range, checked once the
// whole configuration is read (file and environment), so the error points at the right key.
#pragma once

#include <string_view>

#include "host/config/Config.hpp"
#include "host/config/ValueReader.hpp"

namespace orchestra::config {

// Letters, digits and underscores, not starting with a digit: a name every shell and exec
// environment takes as it is (spawn.env_allow, a spawned process's env).
bool isEnvironmentName(std::string_view name);

// Throws ConfigError naming the offending key and where it was set.
void checkConfig(const Config& config, const ValueReader& reader);

}  // namespace orchestra::config
