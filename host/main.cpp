// The `orchestra` executable: parses the command line and hands over to app/Cli.
#include "host/app/Cli.hpp"

int main(int argc, char** argv) {
  return orchestra::app::runCli(argc, argv);
}
