// How MCP server definitions keep env values and headers at rest: sealed by the secrets store
// with the workspace's data key, each bound to its server and name. The app wires the secrets
// service in, so host/mcp never holds a key.
#pragma once

#include <string>
#include <string_view>

#include "host/store/SecretRepository.hpp"

namespace orchestra::mcp {

class McpValueSealer {
 public:
  virtual ~McpValueSealer() = default;
  // Throws errors::ApiError 503 when the secrets store is off.
  virtual store::SealedText seal(const std::string& workspace_id, const std::string& server_id,
                                 const std::string& name, std::string_view value) = 0;
  // Throws std::exception (naming `name`, never a value) when it cannot be opened.
  virtual std::string open(const std::string& workspace_id, const std::string& server_id,
                           const std::string& name, const store::SealedText& sealed) = 0;
};

}  // namespace orchestra::mcp
