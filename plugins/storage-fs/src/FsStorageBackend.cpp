#include "FsStorageBackend.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "StorageKey.hpp"

namespace orchestra::plugins::storage_fs {

using sdk::Error;
using sdk::ErrorClass;
using sdk::Json;

namespace {

// The storage error for a failed system call: missing -> not found, full disk and I/O
// trouble -> transient, refused -> permission denied, the rest -> internal.
Error systemError(const std::string& what, int error_number) {
  std::string message = what + ": " + std::strerror(error_number);
  switch (error_number) {
    case ENOENT:
      return Error::notFound(message);
    case ENOSPC:
    case EDQUOT:
    case EIO:
    case EAGAIN:
    case EMFILE:
    case ENFILE:
      return Error(ORC_ERR_UNAVAILABLE, ErrorClass::Transient, message);
    case EACCES:
    case EPERM:
    case EROFS:
      return Error(ORC_ERR_PERMISSION_DENIED, ErrorClass::Permanent, message);
    case ELOOP:
      return Error(ORC_ERR_PERMISSION_DENIED, ErrorClass::Permanent,
                   what + ": symbolic links are not followed");
    case ENOTDIR:
    case EISDIR:
      return Error::validation(what + ": a folder and an object would share a name");
    default:
      return Error(ORC_ERR_INTERNAL, ErrorClass::Permanent, message);
  }
}

std::string randomSuffix() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(generator()));
  return text;
}

void writeAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw systemError("writing the object", errno);
    }
    data += written;
    size -= static_cast<size_t>(written);
  }
}

std::string keyOf(const std::vector<std::string>& segments) {
  std::string key;
  for (const std::string& segment : segments)
    key += (key.empty() ? "" : "/") + segment;
  return key;
}

// Removes a half-written temp file unless the rename consumed it.
class TempFile {
 public:
  TempFile(int folder_fd, std::string name) : folder_fd_(folder_fd), name_(std::move(name)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!committed_) ::unlinkat(folder_fd_, name_.c_str(), 0);
  }
  const std::string& name() const { return name_; }
  void committed() { committed_ = true; }

 private:
  int folder_fd_;
  std::string name_;
  bool committed_ = false;
};

}  // namespace

sdk::ExtensionInfo FsStorageBackend::describe() {
  sdk::ExtensionInfo info;
  info.id = "storage.fs";
  info.display_name = "Local filesystem";
  info.description = "Stores files under a folder of the host's filesystem.";
  info.category = sdk::Category::Integration;
  info.config_schema =
      R"({"type":"object","properties":{)"
      R"("root":{"type":"string","minLength":1,"maxLength":4096,)"
      R"("description":"Folder holding the files; created when missing"},)"
      R"("fsync":{"type":"boolean","default":true,)"
      R"("description":"fsync each object and its folder before a put succeeds"},)"
      R"("max_object_bytes":{"type":"integer","minimum":1,)"
      R"("description":"Refuse larger objects; the host's upload limit applies anyway"}},)"
      R"("required":["root"],"additionalProperties":false})";
  return info;
}

FsStorageBackend::FsStorageBackend(const Json& config, const sdk::HostApi& host) : host_(host) {
  if (!config.isObject()) throw Error::validation("storage.fs config must be an object");
  for (const auto& [key, value] : config.asObject()) {
    if (key != "root" && key != "fsync" && key != "max_object_bytes") {
      throw Error::validation("config." + key + " is not a known setting");
    }
  }
  const Json* root = config.find("root");
  if (root == nullptr || !root->isString() || root->asString().empty()) {
    throw Error::validation("config.root is required");
  }
  if (const Json* fsync = config.find("fsync"); fsync != nullptr) fsync_ = fsync->asBool();
  if (const Json* limit = config.find("max_object_bytes"); limit != nullptr) {
    max_object_bytes_ = limit->asInt();
    if (max_object_bytes_ < 1) throw Error::validation("config.max_object_bytes must be >= 1");
  }
  std::error_code error;
  std::filesystem::create_directories(root->asString(), error);
  if (error) {
    throw Error::validation("config.root '" + root->asString() +
                            "' cannot be created: " + error.message());
  }
  // The root may itself be a symlink (an operator's choice); it is resolved once, here.
  root_ = std::filesystem::canonical(root->asString(), error).string();
  if (error) throw Error::validation("config.root: " + error.message());
  root_fd_ = UniqueFd(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd_.valid()) throw systemError("opening config.root '" + root_ + "'", errno);
}

bool FsStorageBackend::isCancelled(orc_exec* exec) const {
  const orc_host_api& api = host_.raw();
  return exec != nullptr && api.host_exec_is_cancelled != nullptr &&
         api.host_exec_is_cancelled(api.host, exec);
}

std::optional<UniqueFd> FsStorageBackend::openParent(const std::vector<std::string>& segments,
                                                     bool create) const {
  UniqueFd folder(::dup(root_fd_.get()));
  if (!folder.valid()) throw systemError("opening the root", errno);
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    const char* name = segments[i].c_str();
    int next = ::openat(folder.get(), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0 && errno == ENOENT && create) {
      if (::mkdirat(folder.get(), name, 0750) != 0 && errno != EEXIST) {
        throw systemError("creating folder '" + segments[i] + "'", errno);
      }
      next = ::openat(folder.get(), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
    if (next < 0) {
      if (errno == ENOENT) return std::nullopt;
      // ENOTDIR also comes back for a symlink opened with O_NOFOLLOW|O_DIRECTORY.
      struct stat info {};
      if (::fstatat(folder.get(), name, &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(info.st_mode)) {
        throw systemError("folder '" + segments[i] + "'", ELOOP);
      }
      throw systemError("opening folder '" + segments[i] + "'", errno);
    }
    folder = UniqueFd(next);
  }
  return folder;
}

Json FsStorageBackend::statJson(std::string_view key, int fd) const {
  struct stat info {};
  if (::fstat(fd, &info) != 0) throw systemError("stat", errno);
  if (!S_ISREG(info.st_mode)) throw Error::notFound("no object '" + std::string(key) + "'");
  int64_t modified_ns =
      static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
  Json stat = Json::object();
  stat["key"] = Json(key);
  stat["size_bytes"] = Json(static_cast<int64_t>(info.st_size));
  stat["modified_unix_ms"] = Json(modified_ns / 1'000'000);
  char etag[64];
  std::snprintf(etag, sizeof etag, "%llx-%llx-%llx", static_cast<unsigned long long>(info.st_ino),
                static_cast<unsigned long long>(info.st_size),
                static_cast<unsigned long long>(modified_ns));
  stat["etag"] = Json(etag);
  char content_type[256];
  ssize_t length = ::fgetxattr(fd, kContentTypeAttribute.data(), content_type, sizeof content_type);
  if (length > 0)
    stat["content_type"] = Json(std::string_view(content_type, static_cast<size_t>(length)));
  return stat;
}

Json FsStorageBackend::put(const sdk::StoragePut& request, const sdk::StorageSource& source) const {
  std::vector<std::string> segments = splitStorageKey(request.key);
  if (request.content_type.size() > 255) throw Error::validation("content type is too long");
  if (max_object_bytes_ > 0 && request.size_bytes > max_object_bytes_) {
    throw Error::validation("the object is larger than max_object_bytes");
  }
  UniqueFd folder = *openParent(segments, true);
  const std::string& name = segments.back();

  int fd = -1;
  std::string temp_name;
  for (int attempt = 0; fd < 0 && attempt < 8; ++attempt) {
    temp_name = std::string(kReservedPrefix) + "tmp-" + randomSuffix();
    fd = ::openat(folder.get(), temp_name.c_str(),
                  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
    if (fd < 0 && errno != EEXIST) throw systemError("creating a temporary file", errno);
  }
  if (fd < 0) throw systemError("creating a temporary file", EEXIST);
  UniqueFd file(fd);
  TempFile temp(folder.get(), temp_name);

  std::vector<char> buffer(kChunkBytes);
  int64_t total_bytes = 0;
  while (true) {
    size_t size_read = source.read(buffer.data(), buffer.size());
    if (size_read == 0) break;
    total_bytes += static_cast<int64_t>(size_read);
    if (max_object_bytes_ > 0 && total_bytes > max_object_bytes_) {
      throw Error::validation("the object is larger than max_object_bytes");
    }
    writeAll(file.get(), buffer.data(), size_read);
    if (isCancelled(request.exec)) throw Error::cancelled();
  }
  if (!request.content_type.empty() &&
      ::fsetxattr(file.get(), kContentTypeAttribute.data(), request.content_type.data(),
                  request.content_type.size(), 0) != 0 &&
      errno != ENOTSUP) {
    throw systemError("recording the content type", errno);
  }
  if (fsync_ && ::fsync(file.get()) != 0) throw systemError("fsync", errno);
  Json stat = statJson(request.key, file.get());
  // The one step that makes the new object visible, whole, to every reader.
  if (::renameat(folder.get(), temp.name().c_str(), folder.get(), name.c_str()) != 0) {
    throw systemError("storing '" + std::string(request.key) + "'", errno);
  }
  temp.committed();
  if (fsync_ && ::fsync(folder.get()) != 0) throw systemError("fsync of the folder", errno);
  return stat;
}

Json FsStorageBackend::get(const sdk::StorageGet& request, const sdk::StorageSink& sink) const {
  std::vector<std::string> segments = splitStorageKey(request.key);
  if (request.offset_bytes < 0) throw Error::validation("offset_bytes must be >= 0");
  if (request.length_bytes < -1) throw Error::validation("length_bytes must be >= 0 or -1");
  std::optional<UniqueFd> folder = openParent(segments, false);
  if (!folder) throw Error::notFound("no object '" + std::string(request.key) + "'");
  int fd = ::openat(folder->get(), segments.back().c_str(),
                    O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) throw Error::notFound("no object '" + std::string(request.key) + "'");
    throw systemError("opening '" + std::string(request.key) + "'", errno);
  }
  UniqueFd file(fd);
  Json stat = statJson(request.key, file.get());
  int64_t size_bytes = stat["size_bytes"].asInt();
  if (request.offset_bytes > size_bytes) {
    throw Error::validation("offset_bytes " + std::to_string(request.offset_bytes) +
                            " is past the end of the object (" + std::to_string(size_bytes) +
                            " bytes)");
  }
  int64_t remaining = size_bytes - request.offset_bytes;
  if (request.length_bytes >= 0) remaining = std::min(remaining, request.length_bytes);
  // Reads from the open descriptor: a concurrent put replaces the name, not these bytes.
  std::vector<char> buffer(kChunkBytes);
  int64_t position = request.offset_bytes;
  while (remaining > 0) {
    if (isCancelled(request.exec)) throw Error::cancelled();
    size_t wanted =
        static_cast<size_t>(std::min<int64_t>(remaining, static_cast<int64_t>(buffer.size())));
    ssize_t size_read = ::pread(file.get(), buffer.data(), wanted, position);
    if (size_read < 0) {
      if (errno == EINTR) continue;
      throw systemError("reading '" + std::string(request.key) + "'", errno);
    }
    if (size_read == 0) break;  // truncated underneath us: deliver what exists
    sink.write(std::string_view(buffer.data(), static_cast<size_t>(size_read)));
    position += size_read;
    remaining -= size_read;
  }
  return stat;
}

Json FsStorageBackend::stat(std::string_view key) const {
  std::vector<std::string> segments = splitStorageKey(key);
  std::optional<UniqueFd> folder = openParent(segments, false);
  if (!folder) throw Error::notFound("no object '" + std::string(key) + "'");
  int fd = ::openat(folder->get(), segments.back().c_str(),
                    O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) throw Error::notFound("no object '" + std::string(key) + "'");
    throw systemError("opening '" + std::string(key) + "'", errno);
  }
  UniqueFd file(fd);
  return statJson(key, file.get());
}

void FsStorageBackend::remove(std::string_view key) const {
  std::vector<std::string> segments = splitStorageKey(key);
  std::optional<UniqueFd> folder = openParent(segments, false);
  if (!folder) return;
  // unlinkat never follows a symlink: a link is removed itself, its target stays untouched.
  // Empty folders are left in place; removing them would race with a concurrent put.
  if (::unlinkat(folder->get(), segments.back().c_str(), 0) != 0 && errno != ENOENT) {
    throw systemError("deleting '" + std::string(key) + "'", errno);
  }
}

Json FsStorageBackend::list(std::string_view prefix) const {
  std::vector<std::string> folders = prefixFolders(prefix);
  std::vector<std::string> walk = folders;
  walk.emplace_back("x");  // openParent opens every segment but the last
  std::optional<UniqueFd> folder = openParent(walk, false);
  std::vector<Json> items;
  bool truncated = false;
  if (folder) listFolder(folder->get(), keyOf(folders), prefix, items, truncated);
  std::sort(items.begin(), items.end(), [](const Json& left, const Json& right) {
    return left.find("key")->asString() < right.find("key")->asString();
  });
  Json result = Json::object();
  result["items"] = Json(Json::Array(std::move(items)));
  if (truncated) result["truncated"] = Json(true);
  return result;
}

void FsStorageBackend::listFolder(int folder_fd, const std::string& key_prefix,
                                  std::string_view wanted, std::vector<Json>& items,
                                  bool& truncated) const {
  int own = ::dup(folder_fd);
  if (own < 0) throw systemError("listing", errno);
  DIR* directory = ::fdopendir(own);
  if (directory == nullptr) {
    ::close(own);
    throw systemError("listing", errno);
  }
  std::vector<std::string> names;
  while (dirent* entry = ::readdir(directory)) {
    std::string_view name = entry->d_name;
    if (name == "." || name == ".." || name.substr(0, kReservedPrefix.size()) == kReservedPrefix) {
      continue;
    }
    names.emplace_back(name);
  }
  ::closedir(directory);
  for (const std::string& name : names) {
    if (items.size() >= kMaxListItems) {
      truncated = true;
      return;
    }
    std::string key = key_prefix.empty() ? name : key_prefix + "/" + name;
    // Only descend where keys can still start with the prefix.
    size_t common = std::min(key.size(), wanted.size());
    if (key.compare(0, common, wanted.substr(0, common)) != 0) continue;
    int fd = ::openat(folder_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) continue;  // a symlink (ELOOP), or gone since readdir
    UniqueFd child(fd);
    struct stat info {};
    if (::fstat(child.get(), &info) != 0) continue;
    if (S_ISDIR(info.st_mode)) {
      listFolder(child.get(), key, wanted, items, truncated);
    } else if (S_ISREG(info.st_mode) && key.size() >= wanted.size()) {
      items.push_back(statJson(key, child.get()));
    }
  }
}

}  // namespace orchestra::plugins::storage_fs
