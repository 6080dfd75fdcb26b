// Cuts a byte stream into newline-delimited messages (the MCP stdio framing): bytes go in as
// they arrive, whole lines come out, and a line longer than the limit is an error rather than
// unbounded memory.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace orchestra::plugins::mcp_stdio {

class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

  void append(std::string_view bytes) { pending_.append(bytes); }
  // The next complete line without its "\n" (and a "\r" before it); blank lines are skipped.
  // Throws sdk::Error when a line grows past the limit.
  std::optional<std::string> next();

 private:
  std::size_t max_line_bytes_;
  std::string pending_;
  std::size_t scanned_ = 0;  // bytes of pending_ known to hold no newline
};

}  // namespace orchestra::plugins::mcp_stdio
