// The MCP packages from npm that the MCP tests run (tests/support/npm-peers.sh installs them):
// the reference servers, and the official TypeScript SDK's client, once per build folder.
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

// The official MCP TypeScript SDK (pinned), installed once per build folder, for the client
// script that drives Orchestra's own MCP endpoint (tests/support/mcp-sdk-client.mjs).
inline constexpr const char* kMcpSdkPackage = "@modelcontextprotocol/sdk@1.32.2";

inline std::string mcpSdkDir() {
  return std::string(ORCHESTRA_PLUGIN_BUILD_DIR) + "/../npm-mcp-sdk";
}

// Installs it, or returns at once when it is there; 0 on success. Call it from
// SetUpTestSuite, before the test starts any thread.
inline int installMcpSdk() {
  const std::string command = std::string(ORCHESTRA_SOURCE_DIR) + "/tests/support/npm-peers.sh '" +
                              mcpSdkDir() + "' '" + kMcpSdkPackage + "'";
  return std::system(command.c_str());  // NOLINT(concurrency-mt-unsafe): no other thread yet
}

}  // namespace orchestra::testing
