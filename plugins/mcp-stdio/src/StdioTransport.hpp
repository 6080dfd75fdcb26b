// mcp.stdio: one MCP server as a child process (spawned by the host under its spawn rules),
// newline-delimited JSON-RPC on its stdin and stdout; its stderr goes to the host's log.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "LineSplitter.hpp"
#include "orchestra/sdk/HostApi.hpp"
#include "orchestra/sdk/McpTransport.hpp"

namespace orchestra::plugins::mcp_stdio {

class StdioTransport final : public sdk::McpTransport {
 public:
  static constexpr std::size_t kMaxMessageBytes = std::size_t{16} * 1024 * 1024;
  static constexpr std::size_t kReadChunkBytes = std::size_t{64} * 1024;
  // How long close() lets the server exit on its own after its stdin closes.
  static constexpr uint32_t kCloseTimeoutMs = 2000;

  static sdk::ExtensionInfo describe();
  // Config: {"command": "npx", "args": [...], "env": {"NAME": "value"}, "cwd": "/abs/path"}.
  StdioTransport(const sdk::Json& config, const sdk::HostApi& host);

  void open(orc_exec* exec) override;
  void send(std::string_view message_json) override;
  std::optional<std::string> receive(uint32_t timeout_ms) override;
  void close() noexcept override;

 private:
  const sdk::HostApi& host_;
  sdk::SpawnOptions options_;
  sdk::HostProcess process_;
  LineSplitter lines_{kMaxMessageBytes};
};

}  // namespace orchestra::plugins::mcp_stdio
