// A typed facade over orc_host_api: the only way plugin code calls the host (logs, HTTP,
// secrets, AI providers, MCP tools, other node types, storage), with RAII for host buffers.
#pragma once

#include <algorithm>
#include <cstring>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "orchestra/abi.h"
#include "orchestra/sdk/Error.hpp"
#include "orchestra/sdk/Json.hpp"

namespace orchestra::sdk {

inline orc_str toOrcStr(std::string_view text) {
  return orc_str{text.data(), text.size()};
}
inline std::string_view toStringView(orc_str text) {
  return text.data == nullptr ? std::string_view() : std::string_view(text.data, text.size);
}

enum class LogLevel : orc_log_level {
  Trace = ORC_LOG_TRACE,
  Debug = ORC_LOG_DEBUG,
  Info = ORC_LOG_INFO,
  Warning = ORC_LOG_WARNING,
  Error = ORC_LOG_ERROR,
};

// Owns one buffer from host_buffer_alloc and gives it back with host_buffer_free.
class HostBuffer {
 public:
  HostBuffer() = default;
  HostBuffer(const orc_host_api* api, orc_buffer buffer) : api_(api), buffer_(buffer) {}
  HostBuffer(const HostBuffer&) = delete;
  HostBuffer& operator=(const HostBuffer&) = delete;
  HostBuffer(HostBuffer&& other) noexcept
      : api_(other.api_), buffer_(std::exchange(other.buffer_, orc_buffer{})) {}
  HostBuffer& operator=(HostBuffer&& other) noexcept {
    if (this != &other) {
      reset();
      api_ = other.api_;
      buffer_ = std::exchange(other.buffer_, orc_buffer{});
    }
    return *this;
  }
  ~HostBuffer() { reset(); }

  std::string_view view() const {
    return buffer_.data == nullptr ? std::string_view()
                                   : std::string_view(buffer_.data, buffer_.size);
  }
  std::string str() const { return std::string(view()); }
  bool empty() const { return buffer_.size == 0; }

  // Hands the buffer over (to an orc_result the host will free); this object forgets it.
  orc_buffer release() noexcept { return std::exchange(buffer_, orc_buffer{}); }

  void reset() noexcept {
    if (buffer_.data != nullptr && api_ != nullptr && api_->host_buffer_free != nullptr) {
      api_->host_buffer_free(api_->host, buffer_);
    }
    buffer_ = orc_buffer{};
  }

 private:
  const orc_host_api* api_ = nullptr;
  orc_buffer buffer_{};
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  uint32_t timeout_ms = 0;          // 0 = the host's default
  uint64_t max_response_bytes = 0;  // 0 = the host's default
};

struct HttpResponse {
  int status_code = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;

  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return value;
    }
    return std::nullopt;
  }
};

// A process to start through the host's spawn rules (argv only, never a shell).
struct SpawnOptions {
  std::string command;  // a name or absolute path the operator allowed
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;  // added to the host's minimal environment
  std::string working_directory;                         // empty: the host's choice
};

// A child process started by HostApi::spawnProcess; closing (or destroying) it ends the process.
// THREAD: one reader and one writer may run concurrently; close after both returned.
class HostProcess {
 public:
  HostProcess() = default;
  HostProcess(const orc_host_api* api, orc_process* process) : api_(api), process_(process) {}
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;
  HostProcess(HostProcess&& other) noexcept
      : api_(other.api_), process_(std::exchange(other.process_, nullptr)) {}
  HostProcess& operator=(HostProcess&& other) noexcept {
    if (this != &other) {
      close(0);
      api_ = other.api_;
      process_ = std::exchange(other.process_, nullptr);
    }
    return *this;
  }
  ~HostProcess() { close(0); }

  bool running() const { return process_ != nullptr; }

  // All bytes to the child's stdin; throws Error (ORC_ERR_CLOSED when it exited).
  void write(std::string_view bytes) const {
    orc_status status = api_->host_process_write(api_->host, handle(), toOrcStr(bytes));
    if (status != ORC_OK)
      throw Error::fromStatus(status, std::string("process stdin: ") + statusName(status));
  }
  // Some bytes of stdout, or an empty string after timeout_ms; throws Error(ORC_ERR_CLOSED) at
  // the end of the output.
  std::string read(size_t capacity, uint32_t timeout_ms) const {
    std::string buffer(capacity, '\0');
    size_t size_read = 0;
    orc_status status = api_->host_process_read(api_->host, handle(), buffer.data(), capacity,
                                                &size_read, timeout_ms);
    if (status == ORC_ERR_TIMEOUT) return {};
    if (status != ORC_OK)
      throw Error::fromStatus(status, std::string("process stdout: ") + statusName(status));
    buffer.resize(size_read);
    return buffer;
  }
  // Ends the process (waits up to timeout_ms for it to exit after stdin closes, then the host
  // kills it) and returns its exit status; -1 when none was running.
  int close(uint32_t timeout_ms) noexcept {
    if (process_ == nullptr) return -1;
    int32_t exit_code = -1;
    api_->host_process_close(api_->host, std::exchange(process_, nullptr), timeout_ms, &exit_code);
    return exit_code;
  }

 private:
  orc_process* handle() const {
    if (process_ == nullptr) throw Error(ORC_ERR_CLOSED, ErrorClass::Permanent, "process closed");
    return process_;
  }
  const orc_host_api* api_ = nullptr;
  orc_process* process_ = nullptr;
};

// Result of a host call that returns one JSON/bytes payload (AI chat, MCP tool, storage).
struct HostCallResult {
  std::string data;
  uint64_t input_tokens = 0;                 // AI calls only
  uint64_t output_tokens = 0;                // AI calls only
  uint64_t cached_input_tokens = 0;          // AI calls only: part of input_tokens
  uint64_t cache_creation_input_tokens = 0;  // AI calls only (host ABI >= 1.1)
  uint64_t image_count = 0;                  // AI image calls only
};

// Receives a streamed body or streamed AI chunks; throwing stops the stream and the exception
// reaches the caller of the host call.
using ChunkSink = std::function<void(std::string_view chunk)>;

namespace detail {

// Carries a ChunkSink through a C callback: exceptions stay on this side of the boundary and
// are rethrown once the host call returned.
struct ChunkRelay {
  const ChunkSink* sink = nullptr;
  std::exception_ptr failure;

  static orc_status forward(void* context, orc_str chunk) noexcept {
    auto* relay = static_cast<ChunkRelay*>(context);
    try {
      (*relay->sink)(chunk.data == nullptr ? std::string_view()
                                           : std::string_view(chunk.data, chunk.size));
      return ORC_OK;
    } catch (...) {
      relay->failure = std::current_exception();
      return ORC_ERR_CANCELLED;
    }
  }
  void rethrowIfFailed() const {
    if (failure) std::rethrow_exception(failure);
  }
};

}  // namespace detail

class HostApi {
 public:
  HostApi() = default;

  // Copies the host's table into a zeroed table of our own (fields the host does not know stay
  // null). Returns the refusal reason, or an empty string when the table is usable.
  std::string adopt(const orc_host_api* api) {
    if (api == nullptr) return "the host passed no host API table";
    if (api->struct_size < ORC_V1_0_SIZE_HOST_API) {
      return "host API table is " + std::to_string(api->struct_size) +
             " bytes, smaller than ABI v1.0's " + std::to_string(ORC_V1_0_SIZE_HOST_API);
    }
    if (api->abi_major != ORC_ABI_VERSION_MAJOR) {
      return "host speaks ABI major " + std::to_string(api->abi_major) + ", plugin needs " +
             std::to_string(ORC_ABI_VERSION_MAJOR);
    }
    api_ = orc_host_api{};
    std::memcpy(&api_, api, std::min<size_t>(api->struct_size, sizeof(api_)));
    api_.struct_size = sizeof(api_);
    return {};
  }

  bool valid() const { return api_.host != nullptr; }
  const orc_host_api& raw() const { return api_; }
  uint32_t hostAbiMinor() const { return api_.abi_minor; }
  std::string_view hostVersion() const { return toStringView(api_.host_version); }

  // ---- Memory ----
  HostBuffer allocate(std::string_view bytes) const {
    if (bytes.empty()) return {};
    orc_buffer buffer = api_.host_buffer_alloc(api_.host, bytes.size());
    if (buffer.data == nullptr)
      throw Error(ORC_ERR_NO_MEMORY, ErrorClass::Transient, "host buffer");
    std::memcpy(buffer.data, bytes.data(), bytes.size());
    return HostBuffer(&api_, buffer);
  }
  HostBuffer adoptBuffer(orc_buffer buffer) const { return HostBuffer(&api_, buffer); }

  // ---- Logging ----
  void log(LogLevel level, std::string_view message, const Json& fields = Json()) const {
    if (api_.host_log == nullptr) return;
    std::string fields_text = fields.isNull() ? std::string() : fields.dump();
    api_.host_log(api_.host, static_cast<orc_log_level>(level), toOrcStr(message),
                  toOrcStr(fields_text));
  }
  void debug(std::string_view message) const { log(LogLevel::Debug, message); }
  void info(std::string_view message) const { log(LogLevel::Info, message); }
  void warning(std::string_view message) const { log(LogLevel::Warning, message); }
  void error(std::string_view message) const { log(LogLevel::Error, message); }

  // ---- Outbound HTTP (through the host's SSRF guard) ----
  // Throws Error with the host's status when no response arrived; any HTTP status is a response.
  HttpResponse httpRequest(const HttpRequest& request, orc_exec* exec = nullptr) const {
    return performHttp(request, exec, nullptr);
  }
  // The body goes to `on_chunk` as it arrives (SSE, large downloads) and the returned response
  // has an empty body. An exception from on_chunk aborts the request and is rethrown here.
  HttpResponse httpRequestStreaming(const HttpRequest& request, const ChunkSink& on_chunk,
                                    orc_exec* exec = nullptr) const {
    detail::ChunkRelay relay{&on_chunk, nullptr};
    try {
      return performHttp(request, exec, &relay);
    } catch (const Error&) {
      relay.rethrowIfFailed();
      throw;
    }
  }

 private:
  HttpResponse performHttp(const HttpRequest& request, orc_exec* exec,
                           detail::ChunkRelay* relay) const {
    require(api_.host_http_request, "host_http_request");
    Json headers = Json::array();
    for (const auto& [name, value] : request.headers) {
      headers.push(Json(Json::Array{Json(name), Json(value)}));
    }
    std::string headers_text = headers.dump();
    orc_http_request raw{};
    raw.struct_size = sizeof raw;
    raw.timeout_ms = request.timeout_ms;
    raw.method = toOrcStr(request.method);
    raw.url = toOrcStr(request.url);
    raw.headers_json = toOrcStr(headers_text);
    raw.body = toOrcStr(request.body);
    raw.max_response_bytes = request.max_response_bytes;
    if (relay != nullptr) {
      raw.on_body_chunk = &detail::ChunkRelay::forward;
      raw.chunk_ctx = relay;
    }
    orc_http_response response{};
    response.struct_size = sizeof response;
    orc_status status = api_.host_http_request(api_.host, exec, &raw, &response);
    HostBuffer headers_buffer = adoptBuffer(response.headers_json);
    HostBuffer body = adoptBuffer(response.body);
    HostBuffer error_message = adoptBuffer(response.error_message);
    if (status != ORC_OK) {
      throw Error::fromStatus(status, error_message.empty()
                                          ? "HTTP " + request.url + ": " + statusName(status)
                                          : error_message.str());
    }
    HttpResponse out;
    out.status_code = response.status_code;
    out.body = body.str();
    if (!headers_buffer.empty()) {
      Json headers_list = Json::parse(headers_buffer.view());  // outlives the loop
      for (const Json& pair : headers_list.asArray()) {
        out.headers.emplace_back(pair.asArray().at(0).asString(), pair.asArray().at(1).asString());
      }
    }
    return out;
  }

 public:
  // ---- Secrets ----
  // The secret's value, or nullopt when the host has none by that name.
  std::optional<std::string> secret(std::string_view name) const {
    require(api_.host_secret, "host_secret");
    orc_buffer value{};
    orc_status status = api_.host_secret(api_.host, toOrcStr(name), &value);
    HostBuffer owned = adoptBuffer(value);
    if (status == ORC_ERR_NOT_FOUND) return std::nullopt;
    if (status != ORC_OK) {
      throw Error::fromStatus(status, "secret " + std::string(name) + ": " + statusName(status));
    }
    return owned.str();
  }

  // ---- Other extensions, by the id they are configured under in the host ----
  // With `on_chunk`, the provider streams: each chunk's JSON ({"type":"text","text":"..."} ...)
  // reaches it as it arrives, and the result still holds the whole message.
  HostCallResult aiChat(std::string_view provider_id, const Json& request, orc_exec* exec = nullptr,
                        const ChunkSink& on_chunk = {}) const {
    require(api_.host_ai_chat, "host_ai_chat");
    std::string request_text = request.dump();
    orc_ai_chat_request raw{};
    raw.struct_size = sizeof raw;
    raw.exec = exec;
    raw.request_json = toOrcStr(request_text);
    detail::ChunkRelay relay{&on_chunk, nullptr};
    if (on_chunk) {
      raw.host_stream = &detail::ChunkRelay::forward;
      raw.stream_ctx = &relay;
    }
    orc_ai_usage usage{};
    usage.struct_size = sizeof usage;
    try {
      return callWithResult(
          "AI provider " + std::string(provider_id),
          [&](orc_result* result) {
            return api_.host_ai_chat(api_.host, toOrcStr(provider_id), &raw, result, &usage);
          },
          &usage);
    } catch (const Error&) {
      relay.rethrowIfFailed();
      throw;
    }
  }

  // Images from a configured provider (host ABI >= 1.2): request {"prompt","model"?,"size"?,
  // "count"?}, data {"images":[{"mime_type","base64"}|{"url"}],"model"?}; image_count is in
  // the result. Throws Error(unsupported) on an older host.
  HostCallResult aiGenerateImage(std::string_view provider_id, const Json& request,
                                 orc_exec* exec = nullptr) const {
    require(api_.host_ai_generate_image, "host_ai_generate_image");
    std::string request_text = request.dump();
    orc_ai_image_request raw{};
    raw.struct_size = sizeof raw;
    raw.exec = exec;
    raw.request_json = toOrcStr(request_text);
    orc_ai_usage usage{};
    usage.struct_size = sizeof usage;
    return callWithResult(
        "AI provider " + std::string(provider_id),
        [&](orc_result* result) {
          return api_.host_ai_generate_image(api_.host, toOrcStr(provider_id), &raw, result,
                                             &usage);
        },
        &usage);
  }

  HostCallResult mcpCallTool(std::string_view server_id, std::string_view tool_name,
                             const Json& arguments, orc_exec* exec = nullptr) const {
    require(api_.host_mcp_call_tool, "host_mcp_call_tool");
    std::string arguments_text = arguments.dump();
    return callWithResult("MCP tool " + std::string(tool_name), [&](orc_result* result) {
      return api_.host_mcp_call_tool(api_.host, exec, toOrcStr(server_id), toOrcStr(tool_name),
                                     toOrcStr(arguments_text), result);
    });
  }
  // {"tools": [{"name", "description", "inputSchema"}, ...]} of a configured MCP server.
  HostCallResult mcpListTools(std::string_view server_id, orc_exec* exec = nullptr) const {
    require(api_.host_mcp_list_tools, "host_mcp_list_tools");
    return callWithResult("MCP server " + std::string(server_id), [&](orc_result* result) {
      return api_.host_mcp_list_tools(api_.host, exec, toOrcStr(server_id), result);
    });
  }

  // ---- Node types as building blocks (host ABI >= 1.3; Error(unsupported) on older hosts) ----
  // {"id","display_name","description","category","config_schema","input_ports","output_ports"}
  // of a node type loaded in the host; throws Error(ORC_ERR_NOT_FOUND) when there is none.
  Json describeNodeType(std::string_view node_type_id) const {
    require(api_.host_describe_node_type, "host_describe_node_type");
    return Json::parse(
        callWithResult("node type " + std::string(node_type_id), [&](orc_result* result) {
          return api_.host_describe_node_type(api_.host, toOrcStr(node_type_id), result);
        }).data);
  }
  // Runs a node type once on behalf of `exec` (required): config checked against its schema,
  // input {"main": ...}. Returns the ports object {"main": ...}; throws Error with the node's
  // status, class, message and retry-after when it fails.
  Json runNode(std::string_view node_type_id, const Json& config, const Json& input,
               orc_exec* exec) const {
    require(api_.host_run_node, "host_run_node");
    const std::string config_text = config.dump();
    const std::string input_text = input.dump();
    const std::string data =
        callWithResult("node type " + std::string(node_type_id), [&](orc_result* result) {
          return api_.host_run_node(api_.host, exec, toOrcStr(node_type_id), toOrcStr(config_text),
                                    toOrcStr(input_text), result);
        }).data;
    return data.empty() ? Json::object() : Json::parse(data);
  }

  HostCallResult storagePut(std::string_view backend_id, std::string_view key,
                            std::string_view content_type, std::string_view bytes,
                            orc_exec* exec = nullptr) const {
    require(api_.host_storage_put, "host_storage_put");
    return callWithResult("storage put " + std::string(key), [&](orc_result* result) {
      return api_.host_storage_put(api_.host, exec, toOrcStr(backend_id), toOrcStr(key),
                                   toOrcStr(content_type), toOrcStr(bytes), result);
    });
  }

  // ---- Child processes (the host's spawn rules apply) ----
  // Throws Error: ORC_ERR_PERMISSION_DENIED when the rules refuse, ORC_ERR_UNSUPPORTED when
  // spawning is off.
  HostProcess spawnProcess(const SpawnOptions& options) const {
    require(api_.host_process_spawn, "host_process_spawn");
    Json args = Json::array();
    for (const std::string& arg : options.args)
      args.push(Json(arg));
    Json env = Json::object();
    for (const auto& [name, value] : options.env)
      env[name] = Json(value);
    const std::string args_text = args.dump();
    const std::string env_text = env.dump();
    orc_spawn_request raw{};
    raw.struct_size = sizeof raw;
    raw.command = toOrcStr(options.command);
    raw.args_json = toOrcStr(args_text);
    raw.env_json = toOrcStr(env_text);
    raw.working_directory = toOrcStr(options.working_directory);
    orc_process* process = nullptr;
    orc_result result{};
    result.struct_size = sizeof result;
    orc_status status = api_.host_process_spawn(api_.host, &raw, &process, &result);
    HostBuffer data = adoptBuffer(result.data);
    HostBuffer message = adoptBuffer(result.error_message);
    if (status != ORC_OK) {
      throw Error::fromStatus(status, "spawn " + options.command + ": " +
                                          (message.empty() ? statusName(status) : message.str()));
    }
    return HostProcess(&api_, process);
  }

  HostCallResult storageGet(std::string_view backend_id, std::string_view key,
                            orc_exec* exec = nullptr) const {
    require(api_.host_storage_get, "host_storage_get");
    return callWithResult("storage get " + std::string(key), [&](orc_result* result) {
      return api_.host_storage_get(api_.host, exec, toOrcStr(backend_id), toOrcStr(key), result);
    });
  }

 private:
  template <class Function>
  static void require(Function function, const char* name) {
    if (function == nullptr) {
      throw Error::unsupported(std::string("the host does not offer ") + name);
    }
  }

  template <class Call>
  HostCallResult callWithResult(const std::string& what, Call&& call,
                                const orc_ai_usage* usage = nullptr) const {
    orc_result result{};
    result.struct_size = sizeof result;
    orc_status status = call(&result);
    HostBuffer data = adoptBuffer(result.data);
    HostBuffer message = adoptBuffer(result.error_message);
    if (status != ORC_OK) {
      ErrorClass error_class = result.error_class == ORC_ERROR_CLASS_NONE
                                   ? defaultErrorClass(status)
                                   : static_cast<ErrorClass>(result.error_class);
      // retry_after_ms stays zero in a host older than v1.3 (it never writes the field).
      throw Error(status, error_class,
                  what + ": " + (message.empty() ? statusName(status) : message.str()),
                  result.retry_after_ms);
    }
    HostCallResult out;
    out.data = data.str();
    if (usage != nullptr) {
      out.input_tokens = usage->input_tokens;
      out.output_tokens = usage->output_tokens;
      out.cached_input_tokens = usage->cached_input_tokens;
      out.cache_creation_input_tokens = usage->cache_creation_input_tokens;
      out.image_count = usage->image_count;
    }
    return out;
  }

  orc_host_api api_{};
};

}  // namespace orchestra::sdk
