// ORCHESTRA_<SECTION>_<KEY> variables override the file, so that a container can be configured
// without editing YAML (ORCHESTRA_DATABASE_URL, ORCHESTRA_SERVER_PORT, ORCHESTRA_LOG_LEVEL).
#pragma once

#include "host/config/Config.hpp"
#include "host/config/Environment.hpp"
#include "host/config/ValueReader.hpp"

namespace orchestra::config {

// Applies every key's variable that is set. Values are taken literally (no ${} interpolation);
// lists are comma-separated. Throws ConfigError naming the variable and the key.
void applyEnvironmentOverrides(Config& config, const Environment& environment, ValueReader& reader);

}  // namespace orchestra::config
