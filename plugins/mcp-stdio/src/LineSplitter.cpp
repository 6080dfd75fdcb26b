#include "LineSplitter.hpp"

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::mcp_stdio {

std::optional<std::string> LineSplitter::next() {
  while (true) {
    const std::size_t newline = pending_.find('\n', scanned_);
    if (newline == std::string::npos) {
      scanned_ = pending_.size();
      if (pending_.size() > max_line_bytes_) {
        throw sdk::Error(
            ORC_ERR_INTERNAL, sdk::ErrorClass::Permanent,
            "the MCP server sent a line longer than " + std::to_string(max_line_bytes_) + " bytes");
      }
      return std::nullopt;
    }
    std::string line = pending_.substr(0, newline);
    pending_.erase(0, newline + 1);
    scanned_ = 0;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) return line;
  }
}

}  // namespace orchestra::plugins::mcp_stdio
