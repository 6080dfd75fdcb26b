// The command line: `orchestra serve | migrate | config check FILE | plugins list | run FILE |
// version | help`, each with `--config FILE` where it applies. Exit codes follow sysexits (64
// usage, 78 configuration), except `run`'s own (RunCommand.hpp).
#pragma once

namespace orchestra::app {

int runCli(int argc, char** argv);

}  // namespace orchestra::app
