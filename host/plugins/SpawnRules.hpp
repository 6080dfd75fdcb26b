// The operator's spawn rules (config `spawn:`) applied to one request: which program runs (an
// allowed command, resolved once at start-up), with which arguments, environment and limits.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "host/config/Config.hpp"
#include "host/config/Environment.hpp"

namespace orchestra::plugins {

// Everything the child needs, prepared before fork (after fork only async-signal-safe calls).
struct SpawnPlan {
  std::string program;            // absolute path
  std::vector<std::string> argv;  // argv[0] is the command as requested
  std::vector<std::string> envp;  // "NAME=value", nothing of the host's beyond env_allow
  std::string working_directory;  // empty: inherit the host's
  config::SpawnLimits limits;
};

struct SpawnRequest {
  std::string command;
  std::vector<std::string> args;
  std::map<std::string, std::string> env;
  std::string working_directory;
};

// A refused request: the message names the rule (never the environment's values).
struct SpawnRefusal {
  bool permission_denied = true;  // false: the request itself is malformed
  std::string message;
};

class SpawnRules {
 public:
  // Resolves allowed_commands on the host's PATH now, so a later change of
  // PATH or of the working directory cannot change which program a rule means. Commands not
  // found are reported in `unresolved()` and refused at spawn time.
  SpawnRules(config::SpawnSettings settings, const config::Environment& host_environment);

  bool enabled() const { return settings_.enabled; }
  const config::SpawnSettings& settings() const { return settings_; }
  const std::vector<std::string>& unresolved() const { return unresolved_; }

  // The plan for `request`, or why not.
  std::variant<SpawnPlan, SpawnRefusal> plan(const SpawnRequest& request) const;

  // The request's JSON parts parsed: args_json ["a", ...], env_json {"NAME": "value"}.
  static std::variant<SpawnRequest, SpawnRefusal> parseRequest(std::string_view command,
                                                               std::string_view args_json,
                                                               std::string_view env_json,
                                                               std::string_view working_directory);

 private:
  config::SpawnSettings settings_;
  std::map<std::string, std::string> resolved_;  // allowed name or path → absolute program
  std::vector<std::string> unresolved_;
  std::vector<std::string> passed_environment_;  // "NAME=value" of env_allow, taken at start-up
};

}  // namespace orchestra::plugins
