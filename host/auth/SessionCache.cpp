#include "host/auth/SessionCache.hpp"

namespace orchestra::auth {

std::shared_ptr<const Caller> SessionCache::find(std::string_view session_id) {
  if (ttl_.count() <= 0) return nullptr;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(std::string(session_id));
  if (it == entries_.end()) return nullptr;
  if (it->second.expires <= now) {
    entries_.erase(it);
    return nullptr;
  }
  return it->second.context;
}

void SessionCache::put(const std::string& session_id, std::shared_ptr<const Caller> context) {
  if (ttl_.count() <= 0) return;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (entries_.size() >= max_entries_) evictLocked(now);
  entries_[session_id] = Entry{std::move(context), now + ttl_};
}

void SessionCache::erase(std::string_view session_id) {
  std::lock_guard lock(mutex_);
  entries_.erase(std::string(session_id));
}

void SessionCache::eraseUser(std::string_view user_id) {
  std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = it->second.context->userId() == user_id ? entries_.erase(it) : std::next(it);
  }
}

void SessionCache::evictLocked(std::chrono::steady_clock::time_point now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = it->second.expires <= now ? entries_.erase(it) : std::next(it);
  }
  // Still full of live entries: dropping them all only costs a database read each.
  if (entries_.size() >= max_entries_) entries_.clear();
}

}  // namespace orchestra::auth
