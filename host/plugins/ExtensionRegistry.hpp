// One typed registry per extension kind: id → the host's copy of the plugin's vtable and info,
// and which plugin registered it. Filled at start-up on the main thread, read-only afterwards.
#pragma once

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "host/plugins/ExtensionInfo.hpp"

namespace orchestra::plugins {

template <typename Vtable>
struct RegisteredExtension {
  ExtensionInfo info;
  Vtable vtable{};  // zeroed, then the plugin's struct_size bytes (at most ours)
};

template <typename Vtable>
class ExtensionRegistry {
 public:
  using Entry = RegisteredExtension<Vtable>;

  const Entry* find(const std::string& id) const {
    const auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : it->second.get();
  }
  // The plugin that registered `id`, or empty.
  std::string ownerOf(const std::string& id) const {
    const Entry* entry = find(id);
    return entry == nullptr ? std::string() : entry->info.owner_plugin_id;
  }
  bool add(std::unique_ptr<Entry> entry) {
    const std::string id = entry->info.id;
    return entries_.emplace(id, std::move(entry)).second;
  }
  // Sorted by id.
  std::vector<const Entry*> list() const {
    std::vector<const Entry*> out;
    out.reserve(entries_.size());
    for (const auto& [id, entry] : entries_)
      out.push_back(entry.get());
    return out;
  }
  std::size_t size() const { return entries_.size(); }

 private:
  std::map<std::string, std::unique_ptr<Entry>> entries_;
};

// Copies a plugin's vtable into a zeroed one of ours: fields a newer minor appended are cut
// off, fields an older plugin lacks read as zero.
template <typename Vtable>
Vtable copyVtable(const Vtable* source) {
  Vtable copy{};
  std::memcpy(&copy, source, std::min<std::size_t>(source->struct_size, sizeof copy));
  return copy;
}

}  // namespace orchestra::plugins
