// Drives the storage.fs backend through the C ABI in tests: the SDK's fake host supplies the
// host API and buffers, this harness the registrar and the put/get/stat/delete/list calls.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>

#include "FsStoragePlugin.hpp"
#include "orchestra/sdk/testing/FakeHost.hpp"

namespace orchestra::plugins::storage_fs {

struct StorageOutcome {
  orc_status status = ORC_OK;
  sdk::ErrorClass error_class = sdk::ErrorClass::None;
  std::string message;
  std::string data;   // result->data: stat JSON or list JSON
  std::string bytes;  // what get streamed to the sink
  bool ok() const { return status == ORC_OK; }
  sdk::Json json() const { return sdk::Json::parse(data); }
};

// The FakeHost drives node types only, so storage calls go through the vtable captured here.
class StorageHarness {
 public:
  StorageHarness() {
    registrar_.struct_size = sizeof registrar_;
    registrar_.ctx = reinterpret_cast<orc_registrar_ctx*>(this);
    registrar_.host_register_storage_backend = &StorageHarness::capture;
    const orc_plugin_descriptor* descriptor = sdk::pluginDescriptor<FsStoragePlugin>();
    on_shutdown_ = descriptor->on_shutdown;
    orc_result result = newResult();
    orc_status status = descriptor->on_init(&host.api(), &registrar_, sdk::toOrcStr("{}"), &result);
    StorageOutcome outcome = take(status, result);
    EXPECT_TRUE(outcome.ok()) << outcome.message;
  }
  ~StorageHarness() {
    if (instance_ != nullptr) vtable_.on_destroy(instance_);
    if (on_shutdown_ != nullptr) on_shutdown_();
  }
  StorageHarness(const StorageHarness&) = delete;
  StorageHarness& operator=(const StorageHarness&) = delete;

  const orc_storage_backend_vtable& vtable() const { return vtable_; }

  StorageOutcome create(std::string_view config_json) {
    orc_result result = newResult();
    orc_status status =
        vtable_.on_create(vtable_.type_data, sdk::toOrcStr(config_json), &instance_, &result);
    return take(status, result);
  }

  // Uploads `bytes`, handing them over at most `chunk_bytes` per host_read call; when
  // `fail_after_bytes` is reached the source reports ORC_ERR_UNAVAILABLE instead.
  StorageOutcome put(std::string_view key, std::string_view bytes,
                     std::string_view content_type = "", size_t chunk_bytes = 4096,
                     size_t fail_after_bytes = SIZE_MAX) {
    Source source{bytes, 0, chunk_bytes, fail_after_bytes};
    orc_storage_put_request request{};
    request.struct_size = sizeof request;
    request.key = sdk::toOrcStr(key);
    request.content_type = sdk::toOrcStr(content_type);
    request.size_bytes = static_cast<int64_t>(bytes.size());
    request.host_read = &Source::read;
    request.source_ctx = &source;
    orc_result result = newResult();
    return take(vtable_.on_put(instance_, &request, &result), result);
  }

  StorageOutcome get(std::string_view key, int64_t offset_bytes = 0, int64_t length_bytes = -1) {
    std::string sink;
    orc_storage_get_request request{};
    request.struct_size = sizeof request;
    request.key = sdk::toOrcStr(key);
    request.offset_bytes = offset_bytes;
    request.length_bytes = length_bytes;
    request.host_write = [](void* context, orc_str chunk) -> orc_status {
      static_cast<std::string*>(context)->append(chunk.data, chunk.size);
      return ORC_OK;
    };
    request.sink_ctx = &sink;
    orc_result result = newResult();
    StorageOutcome outcome = take(vtable_.on_get(instance_, &request, &result), result);
    outcome.bytes = std::move(sink);
    return outcome;
  }

  StorageOutcome stat(std::string_view key) {
    orc_result result = newResult();
    return take(vtable_.on_stat(instance_, sdk::toOrcStr(key), &result), result);
  }
  StorageOutcome remove(std::string_view key) {
    orc_result result = newResult();
    return take(vtable_.on_delete(instance_, sdk::toOrcStr(key), &result), result);
  }
  StorageOutcome list(std::string_view prefix) {
    orc_result result = newResult();
    return take(vtable_.on_list(instance_, sdk::toOrcStr(prefix), &result), result);
  }

  sdk::testing::FakeHost host;

 private:
  struct Source {
    std::string_view bytes;
    size_t position;
    size_t chunk_bytes;
    size_t fail_after_bytes;
    static orc_status read(void* context, char* buffer, size_t capacity, size_t* size_read) {
      auto* self = static_cast<Source*>(context);
      if (self->position >= self->fail_after_bytes) return ORC_ERR_UNAVAILABLE;
      size_t size = std::min({capacity, self->chunk_bytes, self->bytes.size() - self->position});
      std::copy_n(self->bytes.data() + self->position, size, buffer);
      self->position += size;
      *size_read = size;
      return ORC_OK;
    }
  };

  static orc_status capture(orc_registrar_ctx* ctx, const orc_storage_backend_vtable* vtable) {
    auto* self = reinterpret_cast<StorageHarness*>(ctx);
    self->vtable_ = *vtable;
    return ORC_OK;
  }
  static orc_result newResult() {
    orc_result result{};
    result.struct_size = sizeof result;
    return result;
  }
  StorageOutcome take(orc_status status, orc_result& result) {
    StorageOutcome outcome;
    outcome.status = status;
    outcome.error_class = static_cast<sdk::ErrorClass>(result.error_class);
    outcome.message = takeString(result.error_message);
    outcome.data = takeString(result.data);
    return outcome;
  }
  std::string takeString(orc_buffer& buffer) {
    std::string text =
        buffer.data == nullptr ? std::string() : std::string(buffer.data, buffer.size);
    host.api().host_buffer_free(host.api().host, buffer);
    buffer = orc_buffer{};
    return text;
  }

  orc_registrar registrar_{};
  orc_storage_backend_vtable vtable_{};
  orc_instance* instance_ = nullptr;
  void (*on_shutdown_)() = nullptr;
};

// A fresh folder per test, removed afterwards.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "orc-storage-fs-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace orchestra::plugins::storage_fs
