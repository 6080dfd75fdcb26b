#include "host/plugins/HostApi.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <openssl/crypto.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "host/observability/Logger.hpp"
#include "host/plugins/AiGateway.hpp"
#include "host/plugins/ExecutionSecrets.hpp"
#include "host/plugins/ExtensionInfo.hpp"
#include "host/plugins/McpToolGateway.hpp"
#include "host/plugins/NodeRunOnce.hpp"
#include "host/plugins/PluginRegistry.hpp"
#include "host/plugins/ProcessSpawner.hpp"
#include "host/text/JsonWriter.hpp"

// The plugin's handle of a child: owned by the plugin until host_process_close.
struct orc_process {
  std::unique_ptr<orchestra::plugins::ChildProcess> child;
};

namespace orchestra::plugins {

namespace {

orc_buffer hostBufferAlloc(orc_host*, size_t size) {
  // No object can be larger than PTRDIFF_MAX; a plugin asking for more gets "no buffer".
  if (size == 0 || size > static_cast<size_t>(PTRDIFF_MAX)) return {nullptr, 0};
  auto* data = static_cast<char*>(std::malloc(size));
  if (data == nullptr) return {nullptr, 0};
  return {data, size};
}

void hostBufferFree(orc_host*, orc_buffer buffer) {
  freeBuffer(buffer);
}

void hostLog(orc_host* host, orc_log_level level, orc_str message, orc_str fields_json) {
  using observability::LogLevel;
  LogLevel ours = LogLevel::Info;
  switch (level) {
    case ORC_LOG_TRACE:
      ours = LogLevel::Trace;
      break;
    case ORC_LOG_DEBUG:
      ours = LogLevel::Debug;
      break;
    case ORC_LOG_WARNING:
      ours = LogLevel::Warning;
      break;
    case ORC_LOG_ERROR:
      ours = LogLevel::Error;
      break;
    default:
      break;
  }
  if (!observability::logEnabled(ours)) return;
  const std::string_view text(message.data == nullptr ? "" : message.data, message.size);
  const std::string_view fields(fields_json.data == nullptr ? "" : fields_json.data,
                                fields_json.size);
  observability::logEvent(ours, host->logger_name, text,
                          {{"plugin", host->plugin_id}, {"fields", fields}});
}

orc_status hostEmitProgress(orc_host*, orc_exec* exec, orc_str event_json) {
  if (exec == nullptr || (event_json.data == nullptr && event_json.size > 0)) {
    return ORC_ERR_INVALID_ARGUMENT;
  }
  if (!exec->on_progress) return ORC_OK;
  const std::string_view event(event_json.data == nullptr ? "" : event_json.data, event_json.size);
  // The event travels inside the host's own messages: only a JSON object may go there.
  try {
    Poco::JSON::Parser parser;
    if (parser.parse(std::string(event)).type() != typeid(Poco::JSON::Object::Ptr)) {
      return ORC_ERR_INVALID_ARGUMENT;
    }
  } catch (const Poco::Exception&) {
    return ORC_ERR_INVALID_ARGUMENT;
  }
  exec->on_progress(event);
  return ORC_OK;
}

bool hostIsCancelled(orc_host*, orc_exec* exec) {
  return exec != nullptr && exec->is_cancelled && exec->is_cancelled();
}

orc_str hostIdempotencyKey(orc_host*, orc_exec* exec) {
  if (exec == nullptr) return {nullptr, 0};
  return toOrcStr(exec->idempotency_key);
}

std::string headersToJson(const std::vector<std::pair<std::string, std::string>>& headers) {
  text::JsonWriter json;
  json.beginArray();
  for (const auto& [name, value] : headers)
    json.beginArray().value(name).value(value).endArray();
  json.endArray();
  return std::move(json).finish();
}

orc_status hostHttpRequest(orc_host* host, orc_exec* exec, const orc_http_request* request,
                           orc_http_response* response) {
  if (request == nullptr || response == nullptr ||
      request->struct_size < ORC_V1_0_SIZE_HTTP_REQUEST ||
      response->struct_size < ORC_V1_0_SIZE_HTTP_RESPONSE) {
    return ORC_ERR_VERSION;
  }
  orc_http_request copy{};
  std::memcpy(&copy, request, std::min<size_t>(request->struct_size, sizeof copy));
  auto fail = [&](orc_status status, std::string_view message) {
    response->error_message = allocateBuffer(message);
    return status;
  };
  if (host->services == nullptr || host->services->http == nullptr) {
    return fail(ORC_ERR_UNSUPPORTED, "outbound HTTP is not available in this host");
  }
  OutboundRequest outbound;
  outbound.method = toString(copy.method);
  outbound.url = toString(copy.url);
  outbound.body = toString(copy.body);
  outbound.timeout_ms = copy.timeout_ms;
  outbound.max_response_bytes = copy.max_response_bytes;
  if (copy.headers_json.size > 0) {
    try {
      Poco::JSON::Parser parser;
      const auto parsed = parser.parse(toString(copy.headers_json));
      const auto& array = parsed.extract<Poco::JSON::Array::Ptr>();
      for (std::size_t i = 0; i < array->size(); ++i) {
        const auto pair = array->getArray(static_cast<unsigned>(i));
        if (!pair || pair->size() != 2) throw Poco::Exception("each header is [name, value]");
        outbound.headers.emplace_back(pair->getElement<std::string>(0),
                                      pair->getElement<std::string>(1));
      }
    } catch (const Poco::Exception& error) {
      return fail(ORC_ERR_INVALID_ARGUMENT,
                  "headers_json must be [[name, value], ...]: " + error.message());
    }
  }
  if (copy.on_body_chunk != nullptr) {
    outbound.on_body_chunk = [&copy](std::string_view chunk) {
      return copy.on_body_chunk(copy.chunk_ctx, toOrcStr(chunk));
    };
  }
  if (exec != nullptr && exec->is_cancelled) outbound.is_cancelled = exec->is_cancelled;

  const OutboundResponse result = host->services->http->perform(outbound);
  response->status_code = result.status_code;
  if (result.status != ORC_OK) return fail(result.status, result.error_message);
  response->headers_json = allocateBuffer(headersToJson(result.headers));
  response->body = allocateBuffer(result.body);
  return ORC_OK;
}

orc_status hostSecret(orc_host* host, orc_str name, orc_buffer* value) {
  // The workspace secrets store, scoped to the execution whose node runs on this thread (the
  // ABI passes no execution here). Outside a node's execution there are no secrets: the
  // environment is no fallback, so a plugin never reads the host's own variables.
  if (value == nullptr || (name.data == nullptr && name.size > 0)) return ORC_ERR_INVALID_ARGUMENT;
  ExecutionSecrets* secrets = currentExecutionSecrets();
  if (secrets == nullptr) return ORC_ERR_PERMISSION_DENIED;
  const std::string wanted(name.data == nullptr ? "" : name.data, name.size);
  try {
    auto found = secrets->reveal(wanted);
    if (!found) return ORC_ERR_NOT_FOUND;
    std::string& text = *found;
    *value = allocateBuffer(text);
    OPENSSL_cleanse(text.data(), text.size());
    return ORC_OK;
  } catch (const std::exception& error) {
    observability::logWarning(host->logger_name, "a secret the plugin asked for is unreadable",
                              {{"plugin", host->plugin_id}, {"error", error.what()}});
    // Refused, not unavailable: a row that does not verify will not verify on a retry.
    return ORC_ERR_PERMISSION_DENIED;
  }
}

orc_status notConfigured(orc_result* result, std::string_view what) {
  if (result != nullptr) {
    result->error_class = ORC_ERROR_CLASS_PERMANENT;
    result->error_message = allocateBuffer(std::string(what) + " is not configured in this host");
  }
  return ORC_ERR_NOT_FOUND;
}

// Providers answer into a result of the host's size; the caller's may be an older, smaller one
// (fields it lacks, such as v1.3's retry_after_ms, are dropped). Its buffers move over.
orc_status handOver(orc_status status, orc_result& answered, orc_result& caller) {
  caller.error_class = answered.error_class;
  caller.error_message = answered.error_message;
  caller.data = answered.data;
  if (caller.struct_size >= ORC_V1_3_SIZE_RESULT) caller.retry_after_ms = answered.retry_after_ms;
  return status;
}

orc_result hostSizedResult() {
  orc_result result{};
  result.struct_size = sizeof result;
  return result;
}

orc_status hostAiChat(orc_host* host, orc_str provider_id, const orc_ai_chat_request* request,
                      orc_result* result, orc_ai_usage* usage) {
  if (request == nullptr || result == nullptr || usage == nullptr ||
      request->struct_size < ORC_V1_0_SIZE_AI_CHAT_REQUEST ||
      result->struct_size < ORC_V1_0_SIZE_RESULT || usage->struct_size < ORC_V1_0_SIZE_AI_USAGE) {
    return ORC_ERR_VERSION;
  }
  const AiGateway* gateway = host->services == nullptr ? nullptr : host->services->ai;
  if (gateway == nullptr) return notConfigured(result, "an AI provider with that id");
  orc_ai_chat_request copy{};
  std::memcpy(&copy, request, std::min<size_t>(request->struct_size, sizeof copy));
  copy.struct_size = sizeof copy;
  const AiCallContext context = copy.exec != nullptr ? copy.exec->ai_context : AiCallContext{};
  orc_result answered = hostSizedResult();
  const orc_status status = gateway->chat(toString(provider_id), copy, answered, *usage, context);
  return handOver(status, answered, *result);
}
orc_status hostAiGenerateImage(orc_host* host, orc_str provider_id,
                               const orc_ai_image_request* request, orc_result* result,
                               orc_ai_usage* usage) {
  if (request == nullptr || result == nullptr || usage == nullptr ||
      request->struct_size < ORC_V1_0_SIZE_AI_IMAGE_REQUEST ||
      result->struct_size < ORC_V1_0_SIZE_RESULT || usage->struct_size < ORC_V1_0_SIZE_AI_USAGE) {
    return ORC_ERR_VERSION;
  }
  const AiGateway* gateway = host->services == nullptr ? nullptr : host->services->ai;
  if (gateway == nullptr) return notConfigured(result, "an AI provider with that id");
  orc_ai_image_request copy{};
  std::memcpy(&copy, request, std::min<size_t>(request->struct_size, sizeof copy));
  copy.struct_size = sizeof copy;
  const AiCallContext context = copy.exec != nullptr ? copy.exec->ai_context : AiCallContext{};
  orc_result answered = hostSizedResult();
  const orc_status status =
      gateway->generateImage(toString(provider_id), copy, answered, *usage, context);
  return handOver(status, answered, *result);
}
// The gateway's answer as the ABI returns it: data on success, class and message otherwise.
orc_status mcpAnswer(const McpGatewayAnswer& answer, orc_result* result) {
  if (result != nullptr) {
    if (answer.status == ORC_OK) {
      result->data = allocateBuffer(answer.text);
    } else {
      result->error_class = answer.error_class;
      result->error_message = allocateBuffer(answer.text);
    }
  }
  return answer.status;
}

// MCP servers belong to a workspace: only a node of one of its executions may call them.
McpToolGateway* mcpGateway(orc_host* host, orc_exec* exec, orc_result* result,
                           orc_status& refused) {
  McpToolGateway* gateway = host->services == nullptr ? nullptr : host->services->mcp;
  if (gateway == nullptr) {
    refused = notConfigured(result, "an MCP server with that id");
    return nullptr;
  }
  if (exec == nullptr || exec->workspace_id.empty()) {
    refused = mcpAnswer({ORC_ERR_PERMISSION_DENIED, ORC_ERROR_CLASS_PERMANENT,
                         "MCP servers are reachable only from a running execution"},
                        result);
    return nullptr;
  }
  return gateway;
}

orc_status hostMcpCallTool(orc_host* host, orc_exec* exec, orc_str server_id, orc_str tool_name,
                           orc_str arguments_json, orc_result* result) {
  orc_status refused = ORC_OK;
  McpToolGateway* gateway = mcpGateway(host, exec, result, refused);
  if (gateway == nullptr) return refused;
  const std::string arguments = toString(arguments_json);
  return mcpAnswer(gateway->callTool(exec->workspace_id, toString(server_id), toString(tool_name),
                                     arguments.empty() ? "{}" : arguments, exec->is_cancelled),
                   result);
}
orc_status hostMcpListTools(orc_host* host, orc_exec* exec, orc_str server_id, orc_result* result) {
  orc_status refused = ORC_OK;
  McpToolGateway* gateway = mcpGateway(host, exec, result, refused);
  if (gateway == nullptr) return refused;
  return mcpAnswer(gateway->listTools(exec->workspace_id, toString(server_id)), result);
}
orc_status refuse(orc_result* result, orc_status status, std::string_view message) {
  result->error_class =
      status == ORC_ERR_INVALID_ARGUMENT ? ORC_ERROR_CLASS_VALIDATION : ORC_ERROR_CLASS_PERMANENT;
  result->error_message = allocateBuffer(message);
  return status;
}

const RegisteredExtension<orc_node_type_vtable>* nodeTypeOf(orc_host* host, orc_str node_type_id,
                                                            orc_result* result,
                                                            orc_status& refused) {
  const PluginRegistry* registry = host->services == nullptr ? nullptr : host->services->registry;
  if (registry == nullptr) {
    refused = refuse(result, ORC_ERR_UNSUPPORTED, "node types are not reachable in this host");
    return nullptr;
  }
  const auto* type = registry->nodeTypes().find(toString(node_type_id));
  if (type == nullptr) {
    refused = refuse(result, ORC_ERR_NOT_FOUND,
                     "node type \"" + toString(node_type_id) + "\" is not loaded in this host");
  }
  return type;
}

std::string portNames(const std::vector<PortInfo>& ports) {
  text::JsonWriter json;
  json.beginArray();
  for (const PortInfo& port : ports)
    json.value(port.name);
  json.endArray();
  return std::move(json).finish();
}

orc_status hostDescribeNodeType(orc_host* host, orc_str node_type_id, orc_result* result) {
  if (result == nullptr || result->struct_size < ORC_V1_0_SIZE_RESULT) return ORC_ERR_VERSION;
  orc_status refused = ORC_OK;
  const auto* type = nodeTypeOf(host, node_type_id, result, refused);
  if (type == nullptr) return refused;
  const ExtensionInfo& info = type->info;
  text::JsonWriter json;
  json.beginObject()
      .field("id", info.id)
      .field("display_name", info.display_name)
      .field("description", info.description)
      .field("category", categoryName(info.category))
      .key("config_schema")
      .rawValue(info.config_schema_json.empty() ? "{}" : info.config_schema_json)
      .key("input_ports")
      .rawValue(portNames(info.input_ports))
      .key("output_ports")
      .rawValue(portNames(info.output_ports))
      .endObject();
  result->data = allocateBuffer(std::move(json).finish());
  return ORC_OK;
}

orc_error_class abiErrorClass(ErrorClass error_class) {
  switch (error_class) {
    case ErrorClass::Transient:
      return ORC_ERROR_CLASS_TRANSIENT;
    case ErrorClass::Permanent:
      return ORC_ERROR_CLASS_PERMANENT;
    case ErrorClass::Validation:
      return ORC_ERROR_CLASS_VALIDATION;
    case ErrorClass::None:
      break;
  }
  return ORC_ERROR_CLASS_NONE;
}

// The nested run inherits everything of the caller's: who pays, its deadline and cancellation,
// where progress goes, and (being on the caller's thread) its execution's secrets.
NodeRun nestedRun(orc_exec& caller, std::string input_json) {
  NodeRun run;
  run.input_json = input_json.empty() ? "{}" : std::move(input_json);
  run.execution_id = caller.ai_context.execution_id;
  run.node_id = caller.ai_context.node_id;
  run.workflow_id = caller.ai_context.workflow_id;
  run.workspace_id = caller.ai_context.workspace_id;
  run.user_id = caller.ai_context.user_id;
  run.idempotency_key = caller.idempotency_key + "/run-" + std::to_string(++caller.node_runs);
  run.deadline_unix_ms = caller.deadline_unix_ms;
  run.nesting_depth = caller.nesting_depth + 1;
  run.is_cancelled = [cancelled = caller.is_cancelled, deadline = caller.deadline_unix_ms] {
    if (cancelled && cancelled()) return true;
    return deadline > 0 && std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                                   .count() >= deadline;
  };
  run.on_progress = caller.on_progress;
  return run;
}

orc_status hostRunNode(orc_host* host, orc_exec* exec, orc_str node_type_id, orc_str config_json,
                       orc_str input_json, orc_result* result) {
  if (result == nullptr || result->struct_size < ORC_V1_0_SIZE_RESULT) return ORC_ERR_VERSION;
  if (exec == nullptr) {
    return refuse(result, ORC_ERR_PERMISSION_DENIED,
                  "host_run_node runs a node type only on behalf of a running node (exec is NULL)");
  }
  orc_status refused = ORC_OK;
  const auto* type = nodeTypeOf(host, node_type_id, result, refused);
  if (type == nullptr) return refused;
  if (type->info.category == ORC_CATEGORY_TRIGGER) {
    return refuse(result, ORC_ERR_PERMISSION_DENIED,
                  "node type \"" + type->info.id +
                      "\" is a trigger: it starts workflows and cannot "
                      "be run by another node");
  }
  if (exec->nesting_depth + 1 >= kMaxNodeRunNesting) {
    return refuse(result, ORC_ERR_PERMISSION_DENIED,
                  "nodes run by other nodes nest at most " + std::to_string(kMaxNodeRunNesting) +
                      " levels deep");
  }
  const NodeOutcome outcome =
      runNodeOnce(*host->services->registry, type->info.id, toString(config_json),
                  nestedRun(*exec, toString(input_json)), currentExecutionSecrets());
  if (!outcome.ok) {
    result->error_class = abiErrorClass(outcome.error_class);
    result->error_message = allocateBuffer(outcome.error_message);
    if (result->struct_size >= ORC_V1_3_SIZE_RESULT)
      result->retry_after_ms = outcome.retry_after_ms;
    return outcome.status == ORC_OK ? ORC_ERR_FAILED : outcome.status;
  }
  text::JsonWriter ports;
  ports.beginObject();
  for (const auto& [port, json] : outcome.ports)
    ports.key(port).rawValue(json);
  ports.endObject();
  result->data = allocateBuffer(std::move(ports).finish());
  return ORC_OK;
}

orc_status hostStoragePut(orc_host*, orc_exec*, orc_str, orc_str, orc_str, orc_str,
                          orc_result* result) {
  return notConfigured(result, "a storage backend with that id");
}
orc_status hostStorageKeyed(orc_host*, orc_exec*, orc_str, orc_str, orc_result* result) {
  return notConfigured(result, "a storage backend with that id");
}
orc_status hostProcessSpawn(orc_host* host, const orc_spawn_request* request,
                            orc_process** out_process, orc_result* result) {
  if (request == nullptr || out_process == nullptr ||
      request->struct_size < ORC_V1_0_SIZE_SPAWN_REQUEST) {
    return ORC_ERR_VERSION;
  }
  *out_process = nullptr;
  auto fail = [&](orc_status status, std::string_view message) {
    if (result != nullptr) {
      result->error_class = ORC_ERROR_CLASS_PERMANENT;
      result->error_message = allocateBuffer(message);
    }
    return status;
  };
  ProcessSpawner* spawner = host->services == nullptr ? nullptr : host->services->processes;
  if (spawner == nullptr || !spawner->rules().enabled()) {
    return fail(ORC_ERR_UNSUPPORTED, "spawning processes is off in this host (spawn.enabled)");
  }
  auto parsed =
      SpawnRules::parseRequest(toString(request->command), toString(request->args_json),
                               toString(request->env_json), toString(request->working_directory));
  if (const auto* refusal = std::get_if<SpawnRefusal>(&parsed)) {
    return fail(ORC_ERR_INVALID_ARGUMENT, refusal->message);
  }
  auto spawned = spawner->spawn(std::get<SpawnRequest>(parsed));
  if (const auto* refusal = std::get_if<SpawnRefusal>(&spawned)) {
    return fail(refusal->permission_denied ? ORC_ERR_PERMISSION_DENIED : ORC_ERR_UNAVAILABLE,
                refusal->message);
  }
  *out_process = new orc_process{std::move(std::get<std::unique_ptr<ChildProcess>>(spawned))};
  return ORC_OK;
}
orc_status hostProcessWrite(orc_host*, orc_process* process, orc_str bytes) {
  if (process == nullptr) return ORC_ERR_INVALID_ARGUMENT;
  return process->child->write(toString(bytes));
}
orc_status hostProcessRead(orc_host*, orc_process* process, char* buffer, size_t capacity,
                           size_t* size_read, uint32_t timeout_ms) {
  if (size_read != nullptr) *size_read = 0;
  if (process == nullptr || buffer == nullptr || size_read == nullptr || capacity == 0) {
    return ORC_ERR_INVALID_ARGUMENT;
  }
  return process->child->read(buffer, capacity, size_read, timeout_ms);
}
orc_status hostProcessClose(orc_host* host, orc_process* process, uint32_t timeout_ms,
                            int32_t* exit_code) {
  if (exit_code != nullptr) *exit_code = -1;
  if (process == nullptr) return ORC_ERR_INVALID_ARGUMENT;
  const std::unique_ptr<orc_process> owned(process);
  // Spawned through this host's spawner, so it is there as long as the plugin's handle lives.
  const int code = host->services->processes->close(std::move(owned->child), timeout_ms);
  if (exit_code != nullptr) *exit_code = code;
  return ORC_OK;
}

}  // namespace

orc_buffer allocateBuffer(std::string_view bytes) {
  orc_buffer buffer = hostBufferAlloc(nullptr, bytes.size());
  if (buffer.data != nullptr) std::memcpy(buffer.data, bytes.data(), bytes.size());
  return buffer;
}

void freeBuffer(orc_buffer buffer) {
  if (buffer.data == nullptr) return;
  // Secrets travel in buffers: wipe before releasing.
  volatile char* bytes = buffer.data;
  for (size_t i = 0; i < buffer.size; ++i)
    bytes[i] = 0;
  std::free(buffer.data);
}

orc_host_api makeHostApi(orc_host* host) {
  orc_host_api api{};
  api.struct_size = sizeof(orc_host_api);
  api.abi_major = ORC_ABI_VERSION_MAJOR;
  api.abi_minor = ORC_ABI_VERSION_MINOR;
  api.host = host;
  api.host_version = toOrcStr(ORCHESTRA_VERSION);
  api.host_buffer_alloc = hostBufferAlloc;
  api.host_buffer_free = hostBufferFree;
  api.host_log = hostLog;
  api.host_exec_emit_progress = hostEmitProgress;
  api.host_exec_is_cancelled = hostIsCancelled;
  api.host_exec_idempotency_key = hostIdempotencyKey;
  api.host_http_request = hostHttpRequest;
  api.host_secret = hostSecret;
  api.host_ai_chat = hostAiChat;
  api.host_ai_generate_image = hostAiGenerateImage;
  api.host_mcp_call_tool = hostMcpCallTool;
  api.host_mcp_list_tools = hostMcpListTools;
  api.host_storage_put = hostStoragePut;
  api.host_storage_get = hostStorageKeyed;
  api.host_storage_stat = hostStorageKeyed;
  api.host_storage_delete = hostStorageKeyed;
  api.host_process_spawn = hostProcessSpawn;
  api.host_process_write = hostProcessWrite;
  api.host_process_read = hostProcessRead;
  api.host_process_close = hostProcessClose;
  api.host_describe_node_type = hostDescribeNodeType;
  api.host_run_node = hostRunNode;
  return api;
}

}  // namespace orchestra::plugins
