// The MCP protocol revisions this host speaks: it asks for the newest and accepts a server's
// answer of any older one it knows (the server picks; we either speak it or hang up).
#pragma once

#include <array>
#include <string_view>

namespace orchestra::mcp {

inline constexpr std::string_view kLatestProtocolVersion = "2025-11-25";
inline constexpr std::array<std::string_view, 4> kSupportedProtocolVersions = {
    "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};

inline bool isSupportedProtocolVersion(std::string_view version) {
  for (std::string_view supported : kSupportedProtocolVersions) {
    if (supported == version) return true;
  }
  return false;
}

}  // namespace orchestra::mcp
