// Base class of an MCP transport: moves whole JSON-RPC messages to and from one MCP server;
// the host speaks the protocol on top (initialize, tools/list, tools/call).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "orchestra/abi.h"
#include "orchestra/sdk/Extension.hpp"
#include "orchestra/sdk/HostApi.hpp"
#include "orchestra/sdk/detail/Trampoline.hpp"

namespace orchestra::sdk {

// Derive, add `static ExtensionInfo describe();` and a constructor from the config, register
// with Registrar::addMcpTransport<T>(). THREAD: open, then send/receive (one of each may run
// concurrently), then close; close is never concurrent with the others.
class McpTransport {
 public:
  virtual ~McpTransport() = default;
  // `exec` stays valid until close() returns and reads as cancelled once close begins: pass it
  // to HostApi::httpRequest* so that streams held open end with the transport.
  virtual void open(orc_exec* exec) = 0;
  virtual void send(std::string_view message_json) = 0;
  // The next message, or nullopt after timeout_ms. Throw Error(ORC_ERR_CLOSED, ...) at the end.
  virtual std::optional<std::string> receive(uint32_t timeout_ms) = 0;
  virtual void close() noexcept = 0;
};

namespace detail {

inline orc_status mcpOpen(orc_instance* instance, orc_exec* exec, orc_result* result) noexcept {
  auto* holder = holderOf<McpTransport>(instance);
  return guarded(*holder->host, result, [&] {
    holder->object->open(exec);
    return ORC_OK;
  });
}

inline orc_status mcpSend(orc_instance* instance, orc_str message, orc_result* result) noexcept {
  auto* holder = holderOf<McpTransport>(instance);
  return guarded(*holder->host, result, [&] {
    holder->object->send(toStringView(message));
    return ORC_OK;
  });
}

inline orc_status mcpReceive(orc_instance* instance, uint32_t timeout_ms,
                             orc_result* result) noexcept {
  auto* holder = holderOf<McpTransport>(instance);
  return guarded(*holder->host, result, [&]() -> orc_status {
    std::optional<std::string> message = holder->object->receive(timeout_ms);
    if (!message) return ORC_ERR_TIMEOUT;
    setData(*holder->host, result, *message);
    return ORC_OK;
  });
}

inline void mcpClose(orc_instance* instance) noexcept {
  holderOf<McpTransport>(instance)->object->close();
}

}  // namespace detail
}  // namespace orchestra::sdk
