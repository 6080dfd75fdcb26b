// Where a configuration value was written (file:line or an ORCHESTRA_* variable) and under which
// key, so that every error can name both in one line.
#pragma once

#include <string>
#include <string_view>

namespace orchestra::config {

struct ValueOrigin {
  // "config/orchestra.yaml:12", "config/orchestra.yaml" when no line is known, or the name of
  // the environment variable that overrode the key.
  std::string location;
  std::string path;  // "server.port", "plugins.load[0].file"
  bool secret = false;

  // Throws ConfigError "<location>: <path>: <problem>".
  [[noreturn]] void fail(std::string_view problem) const;

  // The value as an error may quote it: escaped onto one line, or hidden when the key is secret.
  std::string show(std::string_view value) const;
};

}  // namespace orchestra::config
