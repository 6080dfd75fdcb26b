// Storage keys as the filesystem backend accepts them: relative "/"-separated paths whose
// every segment is a plain file or folder name, so no key can name a path outside the root.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace orchestra::plugins::storage_fs {

// Names starting with this are the backend's own files (temporary uploads); keys cannot use it.
inline constexpr std::string_view kReservedPrefix = ".orc-";
inline constexpr size_t kMaxKeyBytes = 1024;
inline constexpr size_t kMaxSegmentBytes = 255;  // NAME_MAX on Linux filesystems

// The key's segments. Throws sdk::Error::validation for an empty or too long key, a leading
// or trailing "/", an empty, "." or ".." segment, a backslash, a NUL or control character, or
// a reserved name.
std::vector<std::string> splitStorageKey(std::string_view key);

// The folder segments a list prefix fully names ("a/b/c" -> {"a","b"}; "a/b/" -> {"a","b"}),
// validated like key segments. An empty prefix lists everything.
std::vector<std::string> prefixFolders(std::string_view prefix);

}  // namespace orchestra::plugins::storage_fs
