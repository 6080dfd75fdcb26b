// A census of processes from /proc, for tests that must prove no child outlives them: the
// descendants of a process, and every process carrying a marker in its environment (which
// also finds grandchildren that were re-parented to init).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace orchestra::testing {

// Every live or zombie process below `root` (children, their children, ...).
std::vector<pid_t> descendantsOf(pid_t root);
// Processes whose environment holds exactly `entry` ("NAME=value").
std::vector<pid_t> processesWithEnvironment(std::string_view entry);
// The command line of `pid`, arguments joined by spaces; empty when it is gone.
std::string commandLineOf(pid_t pid);

}  // namespace orchestra::testing
