// A small per-process cache of session checks, so that an authenticated request costs an HMAC
// and a map lookup rather than a database round trip. Entries live `ttl`; logout in this process
// erases at once; other instances see a revocation after at most `ttl`.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "host/auth/Caller.hpp"

namespace orchestra::auth {

class SessionCache {
 public:
  SessionCache(std::chrono::milliseconds ttl, std::size_t max_entries)
      : ttl_(ttl), max_entries_(max_entries) {}

  // The cached context of a live session, or null when absent or stale.
  std::shared_ptr<const Caller> find(std::string_view session_id);
  void put(const std::string& session_id, std::shared_ptr<const Caller> context);
  void erase(std::string_view session_id);
  // Every cached session of `user_id`: their memberships changed, so the next request reloads.
  void eraseUser(std::string_view user_id);

 private:
  struct Entry {
    std::shared_ptr<const Caller> context;
    std::chrono::steady_clock::time_point expires;
  };
  void evictLocked(std::chrono::steady_clock::time_point now);

  std::chrono::milliseconds ttl_;
  std::size_t max_entries_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace orchestra::auth
