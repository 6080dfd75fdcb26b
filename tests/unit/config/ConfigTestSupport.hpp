// Helpers shared by the configuration loader's unit tests: load YAML text that must fail and
// return the ConfigError line, so that each test can compare the whole message.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "host/config/ConfigLoader.hpp"

namespace orchestra::config::testing {

inline std::string loadError(std::string_view yaml, const Environment& environment = {}) {
  try {
    loadConfigText(yaml, "test.yaml", environment);
  } catch (const ConfigError& error) {
    return error.what();
  }
  ADD_FAILURE() << "loading did not fail:\n" << yaml;
  return {};
}

inline Config load(std::string_view yaml, const Environment& environment = {}) {
  return loadConfigText(yaml, "test.yaml", environment);
}

}  // namespace orchestra::config::testing
