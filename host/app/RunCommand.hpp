// `orchestra run FILE.json [--input JSON]`: runs one exported workflow document on an embedded
// host (no HTTP server), prints each node as it changes, and the output at the end.
#pragma once

#include <optional>
#include <string>

#include "host/config/Config.hpp"

namespace orchestra::app {

struct RunOptions {
  std::string workflow_file;
  std::optional<std::string> input_json;  // the trigger data; {} when absent
};

// Exit statuses of `orchestra run`, beside the CLI's sysexits ones (64 usage, 78 configuration).
inline constexpr int kRunCompleted = 0;
inline constexpr int kRunFailed = 1;      // the execution failed or was cancelled
inline constexpr int kRunRefused = 2;     // unreadable file, invalid JSON or graph, bad --input
inline constexpr int kRunHostError = 70;  // EX_SOFTWARE: the database or a plugin let us down

// Runs on `config`'s plugins and runtime settings. The database is a fresh SQLite file in a
// temporary folder, removed afterwards, unless the configuration names a database other than
// the built-in default (then that one is used, as one more runtime instance of it).
int runWorkflowFile(const config::Config& config, const RunOptions& options);

}  // namespace orchestra::app
