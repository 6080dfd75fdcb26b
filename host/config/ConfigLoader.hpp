// Loads the host's configuration: YAML file -> ${ENV} interpolation -> typed values checked
// against the schema (ConfigKeys.cpp) -> ORCHESTRA_* overrides -> cross-key checks -> Config.
#pragma once

#include <filesystem>
#include <string_view>

#include "host/config/Config.hpp"
#include "host/config/ConfigError.hpp"
#include "host/config/ConfigKeys.hpp"
#include "host/config/Environment.hpp"

namespace orchestra::config {

// Every problem throws ConfigError with one line such as
//   config/orchestra.yaml:12: server.port: must be between 0 and 65535, got 70000
//   ORCHESTRA_SERVER_PORT: server.port: must be an integer, got "abc"
Config loadConfigFile(const std::filesystem::path& file, const Environment& environment);

// `source_name` stands for the file in errors. Empty text gives the defaults (plus overrides).
Config loadConfigText(std::string_view yaml, std::string_view source_name,
                      const Environment& environment);

// Every key at its default, as documented in config/orchestra.yaml.
Config defaultConfig();

}  // namespace orchestra::config
