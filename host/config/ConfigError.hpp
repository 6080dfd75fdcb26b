// The one exception the configuration loader throws: a single line naming where (file:line or
// ORCHESTRA_* variable), which key, and what is wrong, ready to print before start-up stops.
#pragma once

#include <stdexcept>
#include <string>

namespace orchestra::config {

class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(const std::string& line) : std::runtime_error(line) {}
};

}  // namespace orchestra::config
