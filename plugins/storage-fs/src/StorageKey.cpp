#include "StorageKey.hpp"

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::storage_fs {

using sdk::Error;

namespace {

void checkSegment(std::string_view segment, std::string_view key) {
  auto refuse = [&](const std::string& why) {
    throw Error::validation("storage key '" + std::string(key) + "': " + why);
  };
  if (segment.empty()) refuse("empty path segment (leading, trailing or double '/')");
  if (segment == "." || segment == "..") refuse("'.' and '..' segments are not allowed");
  if (segment.size() > kMaxSegmentBytes) refuse("a segment is longer than 255 bytes");
  if (segment.substr(0, kReservedPrefix.size()) == kReservedPrefix) {
    refuse("names starting with '.orc-' are reserved");
  }
  for (char c : segment) {
    if (c == '\\') refuse("backslashes are not allowed");
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      refuse("control characters are not allowed");
  }
}

std::vector<std::string> split(std::string_view text, std::string_view key) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (true) {
    size_t end = text.find('/', start);
    std::string_view segment =
        text.substr(start, end == std::string_view::npos ? end : end - start);
    checkSegment(segment, key);
    segments.emplace_back(segment);
    if (end == std::string_view::npos) return segments;
    start = end + 1;
  }
}

}  // namespace

std::vector<std::string> splitStorageKey(std::string_view key) {
  if (key.empty()) throw Error::validation("storage key is empty");
  if (key.size() > kMaxKeyBytes) throw Error::validation("storage key is longer than 1024 bytes");
  if (key.front() == '/') {
    throw Error::validation("storage key '" + std::string(key) + "' must be relative");
  }
  return split(key, key);
}

std::vector<std::string> prefixFolders(std::string_view prefix) {
  if (prefix.size() > kMaxKeyBytes) throw Error::validation("list prefix is too long");
  size_t last_slash = prefix.rfind('/');
  if (last_slash == std::string_view::npos) {
    // The prefix is a partial first-level name: only checked for forbidden characters.
    for (char c : prefix) {
      if (c == '\\' || static_cast<unsigned char>(c) < 0x20) {
        throw Error::validation("list prefix has a forbidden character");
      }
    }
    return {};
  }
  if (prefix.front() == '/') throw Error::validation("list prefix must be relative");
  return split(prefix.substr(0, last_slash), prefix);
}

}  // namespace orchestra::plugins::storage_fs
