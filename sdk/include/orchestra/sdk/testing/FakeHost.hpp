// A host in a box for plugin unit tests: loads a descriptor and drives node types through the C
// ABI exactly as Orchestra does, while recording logs, progress, HTTP calls and buffers.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "orchestra/abi.h"
#include "orchestra/sdk/Compatibility.hpp"
#include "orchestra/sdk/Error.hpp"
#include "orchestra/sdk/HostApi.hpp"
#include "orchestra/sdk/Json.hpp"
#include "orchestra/sdk/testing/SchemaCheck.hpp"

namespace orchestra::sdk::testing {

struct LogLine {
  LogLevel level;
  std::string message;
  std::string fields_json;
};

struct FakeHttpCall {
  std::string method;
  std::string url;
  std::string headers_json;
  std::string body;
};

struct FakeHttpResponse {
  orc_status status = ORC_OK;  // e.g. ORC_ERR_PERMISSION_DENIED to simulate the SSRF guard
  int status_code = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// One host_ai_chat call as the plugin made it, and the fake's scripted answer to it.
struct FakeAiCall {
  std::string provider_id;
  Json request;
};
struct FakeAiAnswer {
  orc_status status = ORC_OK;  // not OK: fails with `error_class` and `error_message`
  ErrorClass error_class = ErrorClass::Permanent;
  std::string error_message;
  Json data;                        // {"message": {...}, "finish_reason": "...", "model": "..."}
  std::vector<Json> stream_chunks;  // sent to the plugin's stream callback first, when it has one
  int64_t retry_after_ms = 0;       // on failure: the provider's Retry-After (ABI 1.3)
  uint64_t input_tokens = 0;
  uint64_t output_tokens = 0;

  static FakeAiAnswer failure(orc_status status, ErrorClass error_class, std::string message) {
    FakeAiAnswer answer;
    answer.status = status;
    answer.error_class = error_class;
    answer.error_message = std::move(message);
    return answer;
  }
};

// One host_mcp_call_tool / host_mcp_list_tools call, and the scripted answer.
struct FakeMcpCall {
  std::string server_id;
  std::string tool;  // empty for a listing
  Json arguments;
};
struct FakeMcpAnswer {
  orc_status status = ORC_OK;
  ErrorClass error_class = ErrorClass::Transient;
  std::string error_message;
  Json data;  // {"content": [...], "isError": false} or {"tools": [...]}

  static FakeMcpAnswer failure(orc_status status, ErrorClass error_class, std::string message) {
    FakeMcpAnswer answer;
    answer.status = status;
    answer.error_class = error_class;
    answer.error_message = std::move(message);
    return answer;
  }
};

// One host_run_node call as the plugin made it, and the scripted answer (data: the ports).
struct FakeNodeCall {
  std::string node_type;
  Json config;
  Json input;
};
struct FakeNodeAnswer {
  orc_status status = ORC_OK;
  ErrorClass error_class = ErrorClass::Permanent;
  std::string error_message;
  Json data;  // {"main": ...}

  static FakeNodeAnswer failure(orc_status status, ErrorClass error_class, std::string message) {
    FakeNodeAnswer answer;
    answer.status = status;
    answer.error_class = error_class;
    answer.error_message = std::move(message);
    return answer;
  }
};

// What one on_execute returned, copied out of host buffers (which the fake host then freed).
struct ExecuteOutcome {
  orc_status status = ORC_OK;
  ErrorClass error_class = ErrorClass::None;
  std::string error_message;
  int64_t retry_after_ms = 0;           // ABI 1.3: a transient failure's "not before"
  std::map<std::string, Json> outputs;  // port -> JSON

  bool ok() const { return status == ORC_OK; }
  const Json& output(const std::string& port) const { return outputs.at(port); }
};

struct ExecuteOptions {
  std::string config_json;  // empty = the config the instance was created with
  uint32_t attempt = 1;
  int64_t item_index = -1;
  std::string execution_id = "test-execution";
  std::string node_id = "test-node";
};

// Validates a config (defaults already filled in) against a JSON Schema: "" or the problem.
using ConfigChecker = std::function<std::string(const Json& schema, const Json& config)>;

class FakeHost {
 public:
  FakeHost() {
    api_.struct_size = sizeof api_;
    api_.abi_major = ORC_ABI_VERSION_MAJOR;
    api_.abi_minor = ORC_ABI_VERSION_MINOR;
    api_.host = reinterpret_cast<orc_host*>(this);
    api_.host_version = toOrcStr(kVersion);
    api_.host_buffer_alloc = &FakeHost::bufferAlloc;
    api_.host_buffer_free = &FakeHost::bufferFree;
    api_.host_log = &FakeHost::log;
    api_.host_exec_emit_progress = &FakeHost::emitProgress;
    api_.host_exec_is_cancelled = &FakeHost::isCancelled;
    api_.host_exec_idempotency_key = &FakeHost::idempotencyKey;
    api_.host_http_request = &FakeHost::httpRequest;
    api_.host_secret = &FakeHost::secret;
    api_.host_ai_chat = &FakeHost::aiChat;
    api_.host_mcp_call_tool = &FakeHost::mcpCallTool;
    api_.host_mcp_list_tools = &FakeHost::mcpListTools;
    api_.host_describe_node_type = &FakeHost::describeNodeType;
    api_.host_run_node = &FakeHost::runNode;
    registrar_.struct_size = sizeof registrar_;
    registrar_.ctx = reinterpret_cast<orc_registrar_ctx*>(this);
    registrar_.host_register_node_type = &FakeHost::registerNodeType;
    registrar_.host_register_ai_provider = &FakeHost::registerAiProvider;
    registrar_.host_register_mcp_transport = &FakeHost::registerMcpTransport;
    registrar_.host_register_storage_backend = &FakeHost::registerStorageBackend;
  }
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;
  ~FakeHost() { shutdown(); }

  // ---- Scripting the host ----
  std::map<std::string, std::string> secrets;
  std::string idempotency_key = "fake-idempotency-key";
  std::atomic<bool> cancelled{false};
  // Answers outbound HTTP; the default answers 404 so an unscripted call is visible.
  std::function<FakeHttpResponse(const FakeHttpCall&)> http_handler = [](const FakeHttpCall&) {
    return FakeHttpResponse{ORC_OK, 404, {}, "not scripted"};
  };

  // Answer host_ai_chat and the MCP calls; the defaults fail as "not configured", as a host
  // without providers or servers does.
  std::function<FakeAiAnswer(const FakeAiCall&)> ai_handler = [](const FakeAiCall&) {
    return FakeAiAnswer::failure(ORC_ERR_NOT_FOUND, ErrorClass::Permanent,
                                 "no AI provider scripted");
  };
  std::function<FakeMcpAnswer(const FakeMcpCall&)> mcp_handler = [](const FakeMcpCall&) {
    return FakeMcpAnswer::failure(ORC_ERR_NOT_FOUND, ErrorClass::Permanent,
                                  "no MCP server scripted");
  };

  // host_describe_node_type answers from here (id -> the description's JSON, as abi.h shows
  // it); host_run_node calls node_handler. Unscripted types are "not found".
  std::map<std::string, Json> node_type_descriptions;
  std::function<FakeNodeAnswer(const FakeNodeCall&)> node_handler = [](const FakeNodeCall& call) {
    return FakeNodeAnswer::failure(ORC_ERR_NOT_FOUND, ErrorClass::Permanent,
                                   "no node type " + call.node_type + " scripted");
  };

  // Like Orchestra, the fake host fills a config's defaults and validates it against the schema
  // before on_init / on_create see it, so a plugin need not re-check what its schema says. The
  // built-in checker covers the keywords listed in SchemaCheck.hpp; a test that can link a full
  // JSON Schema validator (Orchestra's own tests use the host's) may put it here instead.
  ConfigChecker config_checker = &SchemaCheck::firstProblem;

  // The table handed to on_init; tests may shrink or clear it to simulate old hosts.
  orc_host_api& api() { return api_; }

  // ---- What the plugin did ----
  std::vector<LogLine> logs() const { return locked(logs_); }
  std::vector<Json> progress() const { return locked(progress_); }
  std::vector<FakeHttpCall> httpCalls() const { return locked(http_calls_); }
  std::vector<FakeAiCall> aiCalls() const { return locked(ai_calls_); }
  std::vector<FakeMcpCall> mcpCalls() const { return locked(mcp_calls_); }
  std::vector<FakeNodeCall> nodeCalls() const { return locked(node_calls_); }
  // Buffers allocated by host_buffer_alloc and not yet freed (by either side).
  size_t liveBuffers() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return live_buffers_.size();
  }
  // host_buffer_free calls with a pointer the host never allocated (or freed twice).
  size_t invalidFrees() const { return invalid_frees_; }
  // host_exec_* calls made outside the execution they belong to.
  std::vector<std::string> misuses() const { return locked(misuses_); }
  std::vector<std::string> nodeTypeIds() const {
    std::vector<std::string> ids;
    for (const auto& [id, type] : node_types_)
      ids.push_back(id);
    return ids;
  }
  const Json& nodeTypeInfo(const std::string& id) const { return node_types_.at(id).info; }
  const std::string& pluginId() const { return plugin_id_; }

  // ---- Driving the plugin, as the real host does ----
  // Checks the descriptor, then calls on_init. Returns "" or the refusal/failure reason.
  std::string load(const orc_plugin_descriptor* descriptor, std::string_view config_json = "{}") {
    std::string refusal = checkPluginDescriptor(descriptor);
    if (!refusal.empty()) return refusal;
    std::memcpy(&descriptor_, descriptor,
                std::min<size_t>(descriptor->struct_size, sizeof descriptor_));
    plugin_id_ = std::string(toStringView(descriptor_.id));
    std::string completed_config;
    try {
      completed_config = completeConfig(toStringView(descriptor_.config_schema_json), config_json);
    } catch (const Error& error) {
      return error.what();
    }
    orc_result result = newResult();
    orc_status status =
        descriptor_.on_init(&api_, &registrar_, toOrcStr(completed_config), &result);
    std::string message = takeString(result.error_message);
    freeBuffer(result.data);
    if (status != ORC_OK) {
      node_types_.clear();
      return std::string("on_init failed (") + statusName(status) + ")" +
             (message.empty() ? "" : ": " + message);
    }
    loaded_ = true;
    return {};
  }

  void shutdown() {
    instances_.clear();
    if (loaded_ && descriptor_.on_shutdown != nullptr) descriptor_.on_shutdown();
    loaded_ = false;
  }

  class NodeInstance {
   public:
    NodeInstance(const orc_node_type_vtable& vtable, orc_instance* instance, std::string config)
        : vtable_(vtable), instance_(instance), config_(std::move(config)) {}
    ~NodeInstance() { vtable_.on_destroy(instance_); }
    NodeInstance(const NodeInstance&) = delete;
    NodeInstance& operator=(const NodeInstance&) = delete;

   private:
    friend class FakeHost;
    const orc_node_type_vtable& vtable_;
    orc_instance* instance_;
    std::string config_;
  };

  // Creates an instance from the config as saved: fills its defaults, validates it against the
  // type's schema (throwing a validation Error as the host refuses it), then calls on_create.
  // Throws Error with the plugin's message when on_create fails.
  NodeInstance& createNode(const std::string& type_id, std::string_view config_json = "{}") {
    auto found = node_types_.find(type_id);
    if (found == node_types_.end()) throw Error::notFound("no node type " + type_id);
    const orc_node_type_vtable& vtable = found->second.vtable;
    std::string completed_config =
        completeConfig(found->second.info.find("config_schema")->dump(), config_json);
    orc_instance* instance = nullptr;
    orc_result result = newResult();
    orc_status status =
        vtable.on_create(vtable.type_data, toOrcStr(completed_config), &instance, &result);
    std::string message = takeString(result.error_message);
    freeBuffer(result.data);
    if (status != ORC_OK) {
      throw Error(status, static_cast<ErrorClass>(result.error_class), message);
    }
    instances_.push_back(
        std::make_unique<NodeInstance>(vtable, instance, std::move(completed_config)));
    return *instances_.back();
  }

  ExecuteOutcome execute(NodeInstance& node, std::string_view input_json,
                         const ExecuteOptions& options = ExecuteOptions()) {
    const std::string& config = options.config_json.empty() ? node.config_ : options.config_json;
    orc_node_execute_request request{};
    request.struct_size = sizeof request;
    request.attempt = options.attempt;
    request.exec = reinterpret_cast<orc_exec*>(&current_exec_);
    request.input_json = toOrcStr(input_json);
    request.config_json = toOrcStr(config);
    request.execution_id = toOrcStr(options.execution_id);
    request.node_id = toOrcStr(options.node_id);
    request.item_index = options.item_index;
    orc_result result = newResult();
    exec_active_ = true;
    orc_status status = node.vtable_.on_execute(node.instance_, &request, &result);
    exec_active_ = false;

    ExecuteOutcome outcome;
    outcome.status = status;
    outcome.error_class = static_cast<ErrorClass>(result.error_class);
    outcome.error_message = takeString(result.error_message);
    outcome.retry_after_ms = result.retry_after_ms;
    std::string data = takeString(result.data);
    if (status == ORC_OK && !data.empty()) {
      Json ports = Json::parse(data);  // named: range-for would not keep a temporary alive
      for (const auto& [port, value] : ports.asObject())
        outcome.outputs[port] = value;
    }
    return outcome;
  }

 private:
  static constexpr std::string_view kVersion = "fake-host";

  struct NodeTypeEntry {
    orc_node_type_vtable vtable;
    Json info;
  };

  // The host's order: defaults first (so a required key with a default passes), then the
  // schema. Throws a validation Error worded like the host's refusal.
  std::string completeConfig(std::string_view schema_json, std::string_view config_json) const {
    Json schema;
    Json config;
    try {
      schema = Json::parse(schema_json.empty() ? "{}" : schema_json);
    } catch (const JsonError& error) {
      throw Error::validation(std::string("declares an invalid config schema: ") + error.what());
    }
    try {
      config = Json::parse(config_json.empty() ? "{}" : config_json);
    } catch (const JsonError& error) {
      throw Error::validation(std::string("config is not valid JSON: ") + error.what());
    }
    config = SchemaCheck::withDefaults(schema, std::move(config));
    if (config_checker) {
      std::string problem = config_checker(schema, config);
      if (!problem.empty()) throw Error::validation(problem);
    }
    return config.dump();
  }

  static FakeHost& self(orc_host* host) { return *reinterpret_cast<FakeHost*>(host); }
  static FakeHost& self(orc_registrar_ctx* ctx) { return *reinterpret_cast<FakeHost*>(ctx); }

  template <class T>
  T locked(const T& value) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return value;
  }

  static orc_result newResult() {
    orc_result result{};
    result.struct_size = sizeof result;
    return result;
  }

  // Host side of "whoever allocates frees": copy out, then free.
  std::string takeString(orc_buffer& buffer) {
    std::string text =
        buffer.data == nullptr ? std::string() : std::string(buffer.data, buffer.size);
    freeBuffer(buffer);
    return text;
  }
  void freeBuffer(orc_buffer& buffer) {
    if (buffer.data != nullptr) bufferFree(api_.host, buffer);
    buffer = orc_buffer{};
  }

  // A plugin using an orc_exec* outside its call is a bug the real host may crash on; here it
  // is recorded (never thrown: exceptions must not cross the C boundary) for tests to assert.
  bool checkExec(orc_exec* exec, const char* function) {
    if (exec == reinterpret_cast<orc_exec*>(&current_exec_) && exec_active_) return true;
    std::lock_guard<std::mutex> lock(mutex_);
    misuses_.push_back(std::string(function) + " called outside its execution");
    return false;
  }

  // ---- orc_host_api ----
  static orc_buffer bufferAlloc(orc_host* host, size_t size) {
    if (size == 0) return orc_buffer{};
    char* data = new (std::nothrow) char[size];
    if (data == nullptr) return orc_buffer{};
    std::lock_guard<std::mutex> lock(self(host).mutex_);
    self(host).live_buffers_.insert(data);
    return orc_buffer{data, size};
  }
  static void bufferFree(orc_host* host, orc_buffer buffer) {
    if (buffer.data == nullptr) return;
    FakeHost& fake = self(host);
    std::lock_guard<std::mutex> lock(fake.mutex_);
    if (fake.live_buffers_.erase(buffer.data) == 0) {
      ++fake.invalid_frees_;
      return;
    }
    std::memset(buffer.data, 0, buffer.size);
    delete[] buffer.data;
  }
  static void log(orc_host* host, orc_log_level level, orc_str message, orc_str fields_json) {
    FakeHost& fake = self(host);
    std::lock_guard<std::mutex> lock(fake.mutex_);
    fake.logs_.push_back(LogLine{static_cast<LogLevel>(level), std::string(toStringView(message)),
                                 std::string(toStringView(fields_json))});
  }
  static orc_status emitProgress(orc_host* host, orc_exec* exec, orc_str event_json) {
    FakeHost& fake = self(host);
    if (!fake.checkExec(exec, "host_exec_emit_progress")) return ORC_ERR_INVALID_ARGUMENT;
    Json event;
    try {
      event = Json::parse(toStringView(event_json));
    } catch (const JsonError&) {
      return ORC_ERR_INVALID_ARGUMENT;
    }
    std::lock_guard<std::mutex> lock(fake.mutex_);
    fake.progress_.push_back(std::move(event));
    return ORC_OK;
  }
  static bool isCancelled(orc_host* host, orc_exec* exec) {
    return self(host).checkExec(exec, "host_exec_is_cancelled") && self(host).cancelled.load();
  }
  static orc_str idempotencyKey(orc_host* host, orc_exec* exec) {
    if (!self(host).checkExec(exec, "host_exec_idempotency_key")) return orc_str{nullptr, 0};
    return toOrcStr(self(host).idempotency_key);
  }
  static orc_buffer copyToBuffer(orc_host* host, std::string_view text) {
    orc_buffer buffer = bufferAlloc(host, text.size());
    if (buffer.data != nullptr) std::memcpy(buffer.data, text.data(), text.size());
    return buffer;
  }
  static orc_status httpRequest(orc_host* host, orc_exec*, const orc_http_request* request,
                                orc_http_response* response) {
    FakeHost& fake = self(host);
    FakeHttpCall call{
        std::string(toStringView(request->method)), std::string(toStringView(request->url)),
        std::string(toStringView(request->headers_json)), std::string(toStringView(request->body))};
    {
      std::lock_guard<std::mutex> lock(fake.mutex_);
      fake.http_calls_.push_back(call);
    }
    FakeHttpResponse scripted = fake.http_handler(call);
    if (scripted.status != ORC_OK) {
      response->error_message = copyToBuffer(host, statusName(scripted.status));
      return scripted.status;
    }
    Json headers = Json::array();
    for (const auto& [name, value] : scripted.headers) {
      headers.push(Json(Json::Array{Json(name), Json(value)}));
    }
    response->status_code = scripted.status_code;
    response->headers_json = copyToBuffer(host, headers.dump());
    response->body = copyToBuffer(host, scripted.body);
    return ORC_OK;
  }
  static orc_status aiChat(orc_host* host, orc_str provider_id, const orc_ai_chat_request* request,
                           orc_result* result, orc_ai_usage* usage) {
    FakeHost& fake = self(host);
    FakeAiCall call{std::string(toStringView(provider_id)),
                    Json::parse(toStringView(request->request_json))};
    {
      std::lock_guard<std::mutex> lock(fake.mutex_);
      fake.ai_calls_.push_back(call);
    }
    FakeAiAnswer answer = fake.ai_handler(call);
    if (answer.status != ORC_OK) {
      result->error_class = static_cast<orc_error_class>(answer.error_class);
      result->error_message = copyToBuffer(host, answer.error_message);
      if (result->struct_size >= ORC_V1_3_SIZE_RESULT)
        result->retry_after_ms = answer.retry_after_ms;
      return answer.status;
    }
    if (request->host_stream != nullptr) {
      for (const Json& chunk : answer.stream_chunks) {
        std::string text = chunk.dump();
        const orc_status streamed = request->host_stream(request->stream_ctx, toOrcStr(text));
        if (streamed != ORC_OK) return streamed;
      }
    }
    usage->input_tokens = answer.input_tokens;
    usage->output_tokens = answer.output_tokens;
    result->data = copyToBuffer(host, answer.data.dump());
    return ORC_OK;
  }
  static orc_status mcpAnswer(orc_host* host, const FakeMcpCall& call, orc_result* result) {
    FakeHost& fake = self(host);
    {
      std::lock_guard<std::mutex> lock(fake.mutex_);
      fake.mcp_calls_.push_back(call);
    }
    return answerInto(host, fake.mcp_handler(call), result);
  }
  // A scripted answer (FakeMcpAnswer, FakeNodeAnswer) as the host API returns it.
  template <typename Answer>
  static orc_status answerInto(orc_host* host, const Answer& answer, orc_result* result) {
    if (answer.status != ORC_OK) {
      result->error_class = static_cast<orc_error_class>(answer.error_class);
      result->error_message = copyToBuffer(host, answer.error_message);
      return answer.status;
    }
    result->data = copyToBuffer(host, answer.data.dump());
    return ORC_OK;
  }
  // JSON passed by a plugin, where empty means an empty object.
  static Json parseOrEmptyObject(orc_str json) {
    return Json::parse(json.size == 0 ? std::string_view("{}") : toStringView(json));
  }
  static orc_status mcpCallTool(orc_host* host, orc_exec*, orc_str server_id, orc_str tool,
                                orc_str arguments_json, orc_result* result) {
    return mcpAnswer(host,
                     {std::string(toStringView(server_id)), std::string(toStringView(tool)),
                      parseOrEmptyObject(arguments_json)},
                     result);
  }
  static orc_status mcpListTools(orc_host* host, orc_exec*, orc_str server_id, orc_result* result) {
    return mcpAnswer(host, {std::string(toStringView(server_id)), std::string(), Json()}, result);
  }
  static orc_status describeNodeType(orc_host* host, orc_str node_type_id, orc_result* result) {
    FakeHost& fake = self(host);
    const auto found = fake.node_type_descriptions.find(std::string(toStringView(node_type_id)));
    if (found == fake.node_type_descriptions.end()) {
      result->error_class = ORC_ERROR_CLASS_PERMANENT;
      result->error_message = copyToBuffer(host, "no such node type");
      return ORC_ERR_NOT_FOUND;
    }
    result->data = copyToBuffer(host, found->second.dump());
    return ORC_OK;
  }
  static orc_status runNode(orc_host* host, orc_exec* exec, orc_str node_type_id,
                            orc_str config_json, orc_str input_json, orc_result* result) {
    FakeHost& fake = self(host);
    if (!fake.checkExec(exec, "host_run_node")) return ORC_ERR_PERMISSION_DENIED;
    FakeNodeCall call{std::string(toStringView(node_type_id)), parseOrEmptyObject(config_json),
                      parseOrEmptyObject(input_json)};
    {
      std::lock_guard<std::mutex> lock(fake.mutex_);
      fake.node_calls_.push_back(call);
    }
    return answerInto(host, fake.node_handler(call), result);
  }
  static orc_status secret(orc_host* host, orc_str name, orc_buffer* value) {
    FakeHost& fake = self(host);
    auto found = fake.secrets.find(std::string(toStringView(name)));
    if (found == fake.secrets.end()) return ORC_ERR_NOT_FOUND;
    *value = copyToBuffer(host, found->second);
    return ORC_OK;
  }

  // ---- orc_registrar: copies into zeroed structs, checks sizes and ids, as the host does ----
  static std::string portsJson(const orc_port_spec* ports, size_t count) {
    Json list = Json::array();
    for (size_t i = 0; i < count; ++i)
      list.push(Json(toStringView(ports[i].name)));
    return list.dump();
  }
  static orc_status registerNodeType(orc_registrar_ctx* ctx, const orc_node_type_vtable* raw) {
    FakeHost& fake = self(ctx);
    if (raw == nullptr || raw->struct_size < ORC_V1_0_SIZE_NODE_TYPE_VTABLE) return ORC_ERR_VERSION;
    NodeTypeEntry entry{};
    std::memcpy(&entry.vtable, raw, std::min<size_t>(raw->struct_size, sizeof entry.vtable));
    const orc_extension_info* info = entry.vtable.info;
    if (info == nullptr || info->struct_size < ORC_V1_0_SIZE_EXTENSION_INFO) return ORC_ERR_VERSION;
    std::string id(toStringView(info->id));
    if (!isValidExtensionId(id) || entry.vtable.on_create == nullptr ||
        entry.vtable.on_destroy == nullptr || entry.vtable.on_execute == nullptr) {
      return ORC_ERR_INVALID_ARGUMENT;
    }
    if (fake.node_types_.count(id) != 0) return ORC_ERR_ALREADY_EXISTS;
    entry.info = Json::object();
    entry.info["id"] = Json(id);
    entry.info["display_name"] = Json(toStringView(info->display_name));
    entry.info["type_version"] = Json(static_cast<int64_t>(info->type_version));
    entry.info["category"] = Json(static_cast<int64_t>(info->category));
    entry.info["config_schema"] = Json::parse(toStringView(info->config_schema_json).empty()
                                                  ? "{}"
                                                  : toStringView(info->config_schema_json));
    entry.info["inputs"] = Json::parse(portsJson(info->input_ports, info->input_port_count));
    entry.info["outputs"] = Json::parse(portsJson(info->output_ports, info->output_port_count));
    entry.vtable.info = nullptr;  // the plugin's info is only valid during registration
    fake.node_types_.emplace(id, std::move(entry));
    return ORC_OK;
  }
  // Other kinds are accepted and counted; FakeHost drives node types only.
  static orc_status registerAiProvider(orc_registrar_ctx*, const orc_ai_provider_vtable* raw) {
    return raw != nullptr && raw->struct_size >= ORC_V1_0_SIZE_AI_PROVIDER_VTABLE ? ORC_OK
                                                                                  : ORC_ERR_VERSION;
  }
  static orc_status registerMcpTransport(orc_registrar_ctx*, const orc_mcp_transport_vtable* raw) {
    return raw != nullptr && raw->struct_size >= ORC_V1_0_SIZE_MCP_TRANSPORT_VTABLE
               ? ORC_OK
               : ORC_ERR_VERSION;
  }
  static orc_status registerStorageBackend(orc_registrar_ctx*,
                                           const orc_storage_backend_vtable* raw) {
    return raw != nullptr && raw->struct_size >= ORC_V1_0_SIZE_STORAGE_BACKEND_VTABLE
               ? ORC_OK
               : ORC_ERR_VERSION;
  }

  mutable std::mutex mutex_;
  orc_host_api api_{};
  orc_registrar registrar_{};
  orc_plugin_descriptor descriptor_{};
  std::string plugin_id_;
  bool loaded_ = false;
  std::map<std::string, NodeTypeEntry> node_types_;
  std::vector<std::unique_ptr<NodeInstance>> instances_;
  std::vector<LogLine> logs_;
  std::vector<Json> progress_;
  std::vector<FakeHttpCall> http_calls_;
  std::vector<FakeAiCall> ai_calls_;
  std::vector<FakeMcpCall> mcp_calls_;
  std::vector<FakeNodeCall> node_calls_;
  std::set<char*> live_buffers_;
  size_t invalid_frees_ = 0;
  std::vector<std::string> misuses_;
  int current_exec_ = 0;  // its address is the orc_exec* of the running execute
  std::atomic<bool> exec_active_{false};
};

}  // namespace orchestra::sdk::testing
