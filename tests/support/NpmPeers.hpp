// The MCP reference servers from npm that the MCP tests run (tests/support/npm-peers.sh pins
// them), installed once per build folder next to the plugins.
#pragma once

#include <cstdlib>
#include <string>

namespace orchestra::testing {

inline std::string npmPeersDir() {
  return std::string(ORCHESTRA_PLUGIN_BUILD_DIR) + "/../npm-peers";
}

// The script node runs for `package` ("server-everything", "server-filesystem").
inline std::string npmPeerEntry(const std::string& package) {
  return npmPeersDir() + "/node_modules/@modelcontextprotocol/" + package + "/dist/index.js";
}

// Installs them, or returns at once when they are there; 0 on success. Call it from
// SetUpTestSuite, before the test starts any thread.
inline int installNpmPeers() {
  const std::string command =
      std::string(ORCHESTRA_SOURCE_DIR) + "/tests/support/npm-peers.sh '" + npmPeersDir() + "'";
  return std::system(command.c_str());  // NOLINT(concurrency-mt-unsafe): no other thread yet
}

}  // namespace orchestra::testing
