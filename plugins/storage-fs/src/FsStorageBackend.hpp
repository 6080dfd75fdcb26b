// storage.fs: files under one root folder on the local filesystem. Writes are atomic (temp
// file + fsync + rename), reads stream in chunks, and no key can reach outside the root.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "UniqueFd.hpp"
#include "orchestra/sdk/HostApi.hpp"
#include "orchestra/sdk/StorageBackend.hpp"

namespace orchestra::plugins::storage_fs {

// Content types live in the extended attribute "user.orchestra.content_type", set on the temp
// file before the rename so bytes and type replace the old object together. On a filesystem
// without user xattrs the object is stored without its type (stat then omits content_type).
// Folders are walked from an fd of the root with O_NOFOLLOW at every step: a symlink anywhere
// below the root is refused rather than followed, so nothing outside the root is reachable and
// no check can be raced between "resolve" and "open".
class FsStorageBackend final : public sdk::StorageBackend {
 public:
  static constexpr size_t kChunkBytes = 64 * 1024;
  static constexpr size_t kMaxListItems = 10000;
  static constexpr std::string_view kContentTypeAttribute = "user.orchestra.content_type";

  static sdk::ExtensionInfo describe();
  // Config: {"root": "<folder>", "fsync": true, "max_object_bytes": n}. Creates the root.
  FsStorageBackend(const sdk::Json& config, const sdk::HostApi& host);

  sdk::Json put(const sdk::StoragePut& request, const sdk::StorageSource& source) const override;
  sdk::Json get(const sdk::StorageGet& request, const sdk::StorageSink& sink) const override;
  sdk::Json stat(std::string_view key) const override;
  void remove(std::string_view key) const override;
  // {"items":[stat...]} sorted by key, at most kMaxListItems (then "truncated": true).
  sdk::Json list(std::string_view prefix) const override;

  const std::string& root() const { return root_; }

 private:
  // The folder holding `segments` minus the last one; nullopt when a folder is missing (and
  // `create` is false).
  std::optional<UniqueFd> openParent(const std::vector<std::string>& segments, bool create) const;
  sdk::Json statJson(std::string_view key, int fd) const;
  void listFolder(int folder_fd, const std::string& key_prefix, std::string_view wanted,
                  std::vector<sdk::Json>& items, bool& truncated) const;
  bool isCancelled(orc_exec* exec) const;

  const sdk::HostApi& host_;
  std::string root_;
  UniqueFd root_fd_;
  bool fsync_ = true;
  int64_t max_object_bytes_ = 0;  // 0 = no limit of our own
};

}  // namespace orchestra::plugins::storage_fs
