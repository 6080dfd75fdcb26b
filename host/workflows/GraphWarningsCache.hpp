// Remembers the graph problems of recently read workflows, so that reading a workflow does not
// parse and validate an unchanged 50-node graph again on every GET.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "host/errors/ApiError.hpp"

namespace orchestra::workflows {

// Warnings depend only on the graph (nodes and connections) and on the node types loaded, which
// are fixed once the host serves. So an entry answers only for the very same graph text: a
// workflow changed here, by another instance or behind the host's back simply misses.
// Thread-safe; readers do not block each other.
class GraphWarningsCache {
 public:
  // `max_bytes` bounds the graph text held; graphs above a sixteenth of it are never kept.
  explicit GraphWarningsCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // The warnings stored for workflow `id` when its graph was exactly `nodes` + `connections`.
  std::optional<errors::IssueList> find(const std::string& id, const std::string& nodes,
                                        const std::string& connections) const;
  void put(const std::string& id, const std::string& nodes, const std::string& connections,
           const errors::IssueList& warnings);

 private:
  struct Entry {
    std::string nodes;
    std::string connections;
    errors::IssueList warnings;
  };

  std::size_t max_bytes_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
  std::size_t bytes_ = 0;
};

}  // namespace orchestra::workflows
