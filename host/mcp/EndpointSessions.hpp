// The sessions of the host's own MCP endpoint (/api/v1/mcp): the Mcp-Session-Id each
// initialize issues, bound to who initialized it and the protocol version agreed on.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace orchestra::mcp {

// In memory, per instance: behind a load balancer, MCP clients need sticky sessions (a session
// unknown to an instance is a 404, and the client initializes again, as the spec has it).
// Bounded: past `max_sessions` the least recently used goes; idle ones end after `idle_limit`.
class EndpointSessions {
 public:
  explicit EndpointSessions(std::size_t max_sessions = 10000,
                            std::chrono::milliseconds idle_limit = std::chrono::hours(1))
      : max_sessions_(max_sessions), idle_limit_(idle_limit) {}

  // A new session of `principal` (who authenticated: one user's session, or one API key).
  std::string open(const std::string& principal, const std::string& protocol_version);
  // The session's protocol version, marking it used; nullopt when it is unknown, ended, idle
  // too long, or another principal's (which must not learn that it exists).
  std::optional<std::string> use(std::string_view id, std::string_view principal);
  // Ends the session; false when use() would not have found it.
  bool close(std::string_view id, std::string_view principal);

 private:
  struct Entry {
    std::string principal;
    std::string protocol_version;
    std::chrono::steady_clock::time_point last_used;
  };

  void evict(std::chrono::steady_clock::time_point now);  // THREAD: with mutex_ held

  const std::size_t max_sessions_;
  const std::chrono::milliseconds idle_limit_;
  std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> sessions_;
};

}  // namespace orchestra::mcp
