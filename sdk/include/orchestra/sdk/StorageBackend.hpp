// Base class of a storage backend (local folder, S3, ...): put/get stream through chunk
// callbacks, so a large file never has to fit in memory on either side.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "orchestra/abi.h"
#include "orchestra/sdk/Extension.hpp"
#include "orchestra/sdk/HostApi.hpp"
#include "orchestra/sdk/Json.hpp"
#include "orchestra/sdk/detail/Trampoline.hpp"

namespace orchestra::sdk {

// Pulls an upload's bytes from the host.
class StorageSource {
 public:
  StorageSource(orc_host_read_fn function, void* context)
      : function_(function), context_(context) {}
  // Up to `capacity` bytes; 0 means the end.
  size_t read(char* buffer, size_t capacity) const {
    size_t size_read = 0;
    orc_status status = function_(context_, buffer, capacity, &size_read);
    if (status != ORC_OK) throw Error::fromStatus(status, "reading the upload");
    return size_read;
  }

 private:
  orc_host_read_fn function_;
  void* context_;
};

// Pushes a download's bytes to the host.
class StorageSink {
 public:
  StorageSink(orc_host_write_fn function, void* context) : function_(function), context_(context) {}
  void write(std::string_view chunk) const {
    orc_status status = function_(context_, toOrcStr(chunk));
    if (status != ORC_OK) throw Error::fromStatus(status, "writing the download");
  }

 private:
  orc_host_write_fn function_;
  void* context_;
};

struct StoragePut {
  std::string_view key;
  std::string_view content_type;
  int64_t size_bytes = -1;  // -1 when unknown
  orc_exec* exec = nullptr;
};

struct StorageGet {
  std::string_view key;
  int64_t offset_bytes = 0;
  int64_t length_bytes = -1;  // -1 = through the end
  orc_exec* exec = nullptr;
};

// Derive, add `static ExtensionInfo describe();` and a constructor from the config, register
// with Registrar::addStorageBackend<T>(). "stat JSON" is described in abi.h.
// THREAD: every method may run concurrently.
class StorageBackend {
 public:
  virtual ~StorageBackend() = default;
  virtual Json put(const StoragePut& request, const StorageSource& source) const = 0;  // stat
  virtual Json get(const StorageGet& request, const StorageSink& sink) const = 0;      // stat
  virtual Json stat(std::string_view key) const = 0;    // throw Error::notFound when absent
  virtual void remove(std::string_view key) const = 0;  // absent is not an error
  virtual Json list(std::string_view /*prefix*/) const {
    throw Error::unsupported("this backend cannot list");
  }
};

namespace detail {

inline orc_status storagePut(orc_instance* instance, const orc_storage_put_request* request,
                             orc_result* result) noexcept {
  auto* holder = holderOf<StorageBackend>(instance);
  return guarded(*holder->host, result, [&] {
    auto copy = copyHostStruct(request, ORC_V1_0_SIZE_STORAGE_PUT_REQUEST, "the put request");
    if (copy.host_read == nullptr) throw Error::validation("put request without a source");
    StoragePut put{toStringView(copy.key), toStringView(copy.content_type), copy.size_bytes,
                   copy.exec};
    setData(*holder->host, result,
            holder->object->put(put, StorageSource(copy.host_read, copy.source_ctx)).dump());
    return ORC_OK;
  });
}

inline orc_status storageGet(orc_instance* instance, const orc_storage_get_request* request,
                             orc_result* result) noexcept {
  auto* holder = holderOf<StorageBackend>(instance);
  return guarded(*holder->host, result, [&] {
    auto copy = copyHostStruct(request, ORC_V1_0_SIZE_STORAGE_GET_REQUEST, "the get request");
    if (copy.host_write == nullptr) throw Error::validation("get request without a sink");
    StorageGet get{toStringView(copy.key), copy.offset_bytes, copy.length_bytes, copy.exec};
    setData(*holder->host, result,
            holder->object->get(get, StorageSink(copy.host_write, copy.sink_ctx)).dump());
    return ORC_OK;
  });
}

inline orc_status storageStat(orc_instance* instance, orc_str key, orc_result* result) noexcept {
  auto* holder = holderOf<StorageBackend>(instance);
  return guarded(*holder->host, result, [&] {
    setData(*holder->host, result, holder->object->stat(toStringView(key)).dump());
    return ORC_OK;
  });
}

inline orc_status storageDelete(orc_instance* instance, orc_str key, orc_result* result) noexcept {
  auto* holder = holderOf<StorageBackend>(instance);
  return guarded(*holder->host, result, [&] {
    holder->object->remove(toStringView(key));
    return ORC_OK;
  });
}

inline orc_status storageList(orc_instance* instance, orc_str prefix, orc_result* result) noexcept {
  auto* holder = holderOf<StorageBackend>(instance);
  return guarded(*holder->host, result, [&] {
    setData(*holder->host, result, holder->object->list(toStringView(prefix)).dump());
    return ORC_OK;
  });
}

}  // namespace detail
}  // namespace orchestra::sdk
