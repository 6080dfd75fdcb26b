#include "host/mcp/EndpointSessions.hpp"

#include "host/auth/Crypto.hpp"

namespace orchestra::mcp {

namespace {

// 128 random bits in hex: visible ASCII as the spec asks, and not guessable.
constexpr std::size_t kSessionIdBytes = 16;

}  // namespace

std::string EndpointSessions::open(const std::string& principal,
                                   const std::string& protocol_version) {
  std::string id = auth::toHex(auth::randomBytes(kSessionIdBytes));
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  evict(now);
  sessions_[id] = {principal, protocol_version, now};
  return id;
}

std::optional<std::string> EndpointSessions::use(std::string_view id, std::string_view principal) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  const auto found = sessions_.find(id);
  if (found == sessions_.end() || found->second.principal != principal) return std::nullopt;
  if (now - found->second.last_used > idle_limit_) {
    sessions_.erase(found);
    return std::nullopt;
  }
  found->second.last_used = now;
  return found->second.protocol_version;
}

bool EndpointSessions::close(std::string_view id, std::string_view principal) {
  std::lock_guard lock(mutex_);
  const auto found = sessions_.find(id);
  if (found == sessions_.end() || found->second.principal != principal) return false;
  sessions_.erase(found);
  return true;
}

void EndpointSessions::evict(std::chrono::steady_clock::time_point now) {
  std::erase_if(sessions_,
                [&](const auto& entry) { return now - entry.second.last_used > idle_limit_; });
  while (sessions_.size() >= max_sessions_ && !sessions_.empty()) {
    auto oldest = sessions_.begin();
    for (auto entry = sessions_.begin(); entry != sessions_.end(); ++entry) {
      if (entry->second.last_used < oldest->second.last_used) oldest = entry;
    }
    sessions_.erase(oldest);
  }
}

}  // namespace orchestra::mcp
