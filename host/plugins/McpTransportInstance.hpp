// One instance of a registered MCP transport (orc_mcp_transport_vtable), driven the way the
// host's MCP session needs it: created from a config checked against the transport's schema,
// then open, send/receive whole JSON-RPC messages, close. Never throws for plugin misbehaviour.
#pragma once

#include <orchestra/abi.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "host/plugins/ExtensionRegistry.hpp"
#include "host/plugins/HostApi.hpp"

namespace orchestra::plugins {

// What one transport call answered: ORC_OK with `text` = the message (receive), or a status
// with `text` = the plugin's reason.
struct TransportAnswer {
  orc_status status = ORC_OK;
  std::string text;

  bool ok() const { return status == ORC_OK; }
};

class McpTransportInstance {
 public:
  using Entry = RegisteredExtension<orc_mcp_transport_vtable>;

  // The instance, or why the config or the plugin refused it.
  static std::variant<std::unique_ptr<McpTransportInstance>, TransportAnswer> create(
      const Entry& transport, const std::string& config_json);
  ~McpTransportInstance();
  McpTransportInstance(const McpTransportInstance&) = delete;
  McpTransportInstance& operator=(const McpTransportInstance&) = delete;

  const std::string& transportId() const { return transport_.info.id; }

  TransportAnswer open();
  TransportAnswer send(std::string_view message_json);
  // ORC_ERR_TIMEOUT when nothing arrived within timeout_ms, ORC_ERR_CLOSED at the end.
  TransportAnswer receive(std::uint32_t timeout_ms);
  // Idempotent; not concurrent with send/receive.
  void close() noexcept;

 private:
  McpTransportInstance(const Entry& transport, orc_instance* instance);

  const Entry& transport_;
  orc_instance* instance_;
  bool closed_ = false;
  // Handed to on_open and valid until close: reads as cancelled once close begins, so the
  // transport's outbound requests (an SSE stream waiting for the server) end then.
  std::atomic<bool> closing_{false};
  orc_exec exec_;
};

}  // namespace orchestra::plugins
