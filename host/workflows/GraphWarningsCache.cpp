#include "host/workflows/GraphWarningsCache.hpp"

#include <mutex>

namespace orchestra::workflows {

std::optional<errors::IssueList> GraphWarningsCache::find(const std::string& id,
                                                          const std::string& nodes,
                                                          const std::string& connections) const {
  std::shared_ptr<const Entry> entry;
  {
    std::shared_lock lock(mutex_);
    const auto it = entries_.find(id);
    if (it == entries_.end()) return std::nullopt;
    entry = it->second;
  }
  // Compared outside the lock: entries are immutable once stored.
  if (entry->nodes != nodes || entry->connections != connections) return std::nullopt;
  return entry->warnings;
}

void GraphWarningsCache::put(const std::string& id, const std::string& nodes,
                             const std::string& connections, const errors::IssueList& warnings) {
  const std::size_t size = nodes.size() + connections.size();
  if (size > max_bytes_ / 16) return;
  auto entry = std::make_shared<const Entry>(Entry{nodes, connections, warnings});
  std::unique_lock lock(mutex_);
  if (const auto it = entries_.find(id); it != entries_.end()) {
    bytes_ -= it->second->nodes.size() + it->second->connections.size();
    entries_.erase(it);
  }
  // Full: start over. Rebuilding costs one validation per workflow read again, no more.
  if (bytes_ + size > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  entries_.emplace(id, std::move(entry));
  bytes_ += size;
}

}  // namespace orchestra::workflows
