/* The binary contract between the Orchestra host and its plugins: plain C11, frozen per major.
 * Plugins use the C++ wrapper in orchestra/sdk/; this header is what crosses the .so boundary. */
#ifndef ORCHESTRA_ABI_H
#define ORCHESTRA_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* =============================================================================================
 * Conventions (they hold for every declaration below unless it says otherwise)
 *
 * NAMES     `orc_` prefix. Function pointers a plugin implements are `on_*`; function pointers
 *           the host implements are `host_*`.
 * VERSIONS  One exported entry symbol per ABI major (`orc_plugin_entry_v1`). A minor version
 *           only appends fields at the end of structs. Every struct that may grow begins with
 *           `uint32_t struct_size` (= sizeof as seen by whoever filled it in). A reader copies
 *           min(struct_size, sizeof(its own struct)) bytes into a zeroed struct of its own, so
 *           fields the writer did not know read as zero/NULL. A struct smaller than its v1.0
 *           size (ORC_V1_0_SIZE_*) is refused. Structs without `struct_size` (orc_str,
 *           orc_buffer, orc_port_spec) are frozen forever.
 * STRINGS   `orc_str` is a view {data, size}: never NUL-terminated, may contain NUL bytes,
 *           `data` may be NULL when `size` is 0. Text is UTF-8. Structured data is JSON text.
 * OWNERSHIP Everything passed into a call is borrowed for the duration of that call only; copy
 *           what you keep. Whoever allocates frees: variable-size results travel in
 *           `orc_buffer`s allocated by host_buffer_alloc, and only host_buffer_free releases
 *           them (the host does it for buffers a plugin hands over; the plugin does it for
 *           buffers the host hands over).
 * THREADS   The host calls a plugin from its worker threads. Each declaration says which calls
 *           may overlap. Every host_* function is thread-safe unless noted.
 * ERRORS    Functions return orc_status. No C++ exception, longjmp or abort may cross this
 *           boundary; a plugin that throws is a plugin that crashes the host.
 * ========================================================================================== */

/* ---- Versions -------------------------------------------------------------------------- */

#define ORC_ABI_VERSION_MAJOR 1
#define ORC_ABI_VERSION_MINOR 3

/* Name of the entry symbol of this major, for dlsym/Boost.DLL. */
#define ORC_PLUGIN_ENTRY_SYMBOL "orc_plugin_entry_v1"

/* Bytes from the start of `type` through the end of `field`: the size a struct had in the
 * version that ended with `field`. Used for the ORC_V1_0_SIZE_* minimums below. */
#ifdef __cplusplus
#define ORC_SIZE_THROUGH(type, field) (offsetof(type, field) + sizeof(type::field))
#else
#define ORC_SIZE_THROUGH(type, field) (offsetof(type, field) + sizeof(((type*)0)->field))
#endif

/* ---- Basic types ------------------------------------------------------------------------ */

/* A borrowed view of bytes (usually UTF-8 text or JSON).
 * OWNERSHIP: never owns; whoever passes it keeps the bytes alive for the call.
 * LIFETIME: the call it is passed to, unless the declaration says longer. */
typedef struct orc_str {
  const char* data;
  size_t size;
} orc_str;

/* Bytes allocated by host_buffer_alloc.
 * OWNERSHIP: exactly one side owns it at a time; the owner releases it with host_buffer_free.
 * A zeroed orc_buffer {NULL, 0} is "no buffer" and needs no release. */
typedef struct orc_buffer {
  char* data;
  size_t size;
} orc_buffer;

/* Result of every call across the boundary. */
typedef int32_t orc_status;
enum orc_status_code {
  ORC_OK = 0,
  ORC_ERR_INVALID_ARGUMENT = 1,  /* bad input or config: the caller must change something */
  ORC_ERR_NOT_FOUND = 2,         /* no such key, secret, provider, tool, object */
  ORC_ERR_ALREADY_EXISTS = 3,    /* e.g. a duplicate extension id at registration */
  ORC_ERR_UNSUPPORTED = 4,       /* optional operation not implemented / not allowed here */
  ORC_ERR_CANCELLED = 5,         /* the execution was cancelled */
  ORC_ERR_TIMEOUT = 6,           /* a deadline or timeout_ms passed */
  ORC_ERR_NO_MEMORY = 7,         /* an allocation failed */
  ORC_ERR_PERMISSION_DENIED = 8, /* refused by policy (SSRF guard, secret scope, spawn rules) */
  ORC_ERR_UNAVAILABLE = 9,       /* a remote is unreachable or overloaded: worth a retry */
  ORC_ERR_VERSION = 10,          /* ABI version or struct size not acceptable */
  ORC_ERR_CLOSED = 11,           /* the connection/stream/process has ended */
  ORC_ERR_INTERNAL = 12,         /* a bug or an unexpected failure (e.g. an exception) */
  ORC_ERR_FAILED = 13 /* the operation failed as described by its error class and message */
};

/* How the runtime reacts to a failure (retries follow the node's policy).
 * A failed operation reports one; NONE on failure means "derive it from the status":
 * TIMEOUT/UNAVAILABLE -> TRANSIENT, INVALID_ARGUMENT -> VALIDATION, anything else -> PERMANENT. */
typedef int32_t orc_error_class;
enum orc_error_class_code {
  ORC_ERROR_CLASS_NONE = 0,
  ORC_ERROR_CLASS_TRANSIENT = 1, /* retry may succeed (network, 429, 5xx, timeout) */
  ORC_ERROR_CLASS_PERMANENT = 2, /* retrying will fail the same way (4xx, logic error) */
  ORC_ERROR_CLASS_VALIDATION = 3 /* the input or config is wrong: fail without retry */
};

typedef int32_t orc_log_level;
enum orc_log_level_code {
  ORC_LOG_TRACE = 0,
  ORC_LOG_DEBUG = 1,
  ORC_LOG_INFO = 2,
  ORC_LOG_WARNING = 3,
  ORC_LOG_ERROR = 4
};

/* Where the studio's palette shows an extension. Non-node extensions use INTEGRATION. */
typedef uint32_t orc_category;
enum orc_category_code {
  ORC_CATEGORY_TRIGGER = 1,
  ORC_CATEGORY_LOGIC = 2,
  ORC_CATEGORY_ACTION = 3,
  ORC_CATEGORY_AGENT = 4,
  ORC_CATEGORY_INTEGRATION = 5
};

/* ---- Opaque handles ----------------------------------------------------------------------
 * Host-owned handles (the plugin only passes them back to host_* functions): */
typedef struct orc_host orc_host;                   /* the host as seen by one plugin; lives from
                                                       on_init until on_shutdown returns */
typedef struct orc_exec orc_exec;                   /* one running operation of one execution; valid
                                                       only during the on_* call it is passed to */
typedef struct orc_registrar_ctx orc_registrar_ctx; /* valid only during on_init */
typedef struct orc_process orc_process;             /* a child process spawned through the host */
/* Plugin-owned handle (the host never looks inside; created by on_create, freed by on_destroy): */
typedef struct orc_instance orc_instance;

/* ---- Results ----------------------------------------------------------------------------- */

/* The outcome of one plugin operation, filled in by the plugin.
 * OWNERSHIP: the host zeroes it and sets struct_size before the call; the plugin stores
 *   host_buffer_alloc'ed buffers in it; after the call the host owns and frees every buffer in
 *   it, whatever the status (so a plugin never frees a buffer it stored here).
 * LIFETIME: the call. THREAD: the calling thread. */
typedef struct orc_result {
  uint32_t struct_size;        /* host: sizeof(orc_result) of the host */
  orc_error_class error_class; /* plugin: on failure (NONE = derive from the status) */
  orc_buffer error_message;    /* plugin: on failure, human-readable UTF-8, no secrets */
  orc_buffer data;             /* plugin: the operation's payload (documented per operation) */
  /* v1.3: plugin, on a TRANSIENT failure: the earliest the operation may succeed again, in ms
   * from now (a provider's Retry-After); 0 = no opinion. The runtime waits at least this long
   * before the next attempt (capped, see the host's docs). Written only when struct_size
   * covers it; a host or plugin older than v1.3 reads it as 0. */
  int64_t retry_after_ms;
} orc_result;
#define ORC_V1_0_SIZE_RESULT ORC_SIZE_THROUGH(orc_result, data)
#define ORC_V1_3_SIZE_RESULT ORC_SIZE_THROUGH(orc_result, retry_after_ms)

/* ---- Extension description --------------------------------------------------------------- */

/* One input or output port. Frozen layout (arrays of it have a fixed stride). */
typedef struct orc_port_spec {
  orc_str name;      /* "main", "true", "false", "case_0" ...; unique per direction */
  uint32_t flags;    /* ORC_PORT_* */
  uint32_t reserved; /* zero */
} orc_port_spec;

#define ORC_PORT_ITEMS (1u << 0)    /* output: the JSON is an array of items (foreach input) */
#define ORC_PORT_OPTIONAL (1u << 1) /* input: the node may run without an edge into it */

/* ORC_EXTENSION_* flags of orc_extension_info.flags */
/* Output ports depend on the config (switch cases): the node may emit ports not listed in
 * output_ports; the runtime matches emitted names against the edges' sourceHandle. */
#define ORC_EXTENSION_DYNAMIC_OUTPUTS (1u << 0)
/* A node with side effects the host must not repeat blindly; it honours the idempotency key. */
#define ORC_EXTENSION_SIDE_EFFECTS (1u << 1)

/* What the studio and the registry know about one extension of any kind.
 * OWNERSHIP: plugin. The host copies every string and array during the register call.
 * LIFETIME: the register call (static storage is the usual choice). */
typedef struct orc_extension_info {
  uint32_t struct_size;
  uint32_t type_version;            /* the extension's own version, >= 1; bump on config changes */
  orc_str id;                       /* namespaced: "core.http_request", "com.acme.crm/lookup" */
  orc_str display_name;             /* "HTTP Request" */
  orc_str description;              /* one or two sentences for the palette/tooltips */
  orc_str config_schema_json;       /* JSON Schema (2020-12) of the config; a property carrying
                                       "secret": true is redacted in logs, API answers and errors.
                                       Empty means "{}" (anything). */
  const orc_port_spec* input_ports; /* node types only; NULL when count is 0 */
  size_t input_port_count;
  const orc_port_spec* output_ports; /* node types only; NULL when count is 0 */
  size_t output_port_count;
  orc_category category; /* ORC_CATEGORY_* */
  uint32_t flags;        /* ORC_EXTENSION_* */
} orc_extension_info;
#define ORC_V1_0_SIZE_EXTENSION_INFO ORC_SIZE_THROUGH(orc_extension_info, flags)

/* Every extension kind creates instances the same way.
 * on_create: THREAD any worker thread; may run concurrently with other calls of the same
 *   extension (not of the same instance, which does not exist yet).
 *   `type_data` is the vtable's field of that name; `config_json` has been validated against
 *   config_schema_json by the host and is borrowed. On success store the new instance in
 *   *out_instance and return ORC_OK; on failure fill result->error_* and return an error
 *   (VALIDATION class for a config the schema could not catch).
 * on_destroy: called exactly once per created instance, after every other call on it returned.
 */
typedef orc_status (*orc_on_create_fn)(void* type_data, orc_str config_json,
                                       orc_instance** out_instance, orc_result* result);
typedef void (*orc_on_destroy_fn)(orc_instance* instance);

/* ---- Node type ------------------------------------------------------------------------------ */

/* One execution of one node.
 * OWNERSHIP: host. LIFETIME: the on_execute call. */
typedef struct orc_node_execute_request {
  uint32_t struct_size;
  uint32_t attempt;         /* 1 on the first try, 2 on the first retry ... */
  orc_exec* exec;           /* for host_exec_* (progress, cancellation, idempotency key) */
  orc_str input_json;       /* object keyed by input port name: {"main": <json>, ...} */
  orc_str config_json;      /* the instance's config with every {{ expression }} resolved
                               for this run (secret fields included) */
  orc_str execution_id;     /* for logs/correlation */
  orc_str node_id;          /* the node's id in the workflow graph */
  int64_t item_index;       /* index of the item when the runtime runs the node once per item
                               of a list (foreach), -1 otherwise */
  int64_t deadline_unix_ms; /* wall-clock deadline of this attempt, 0 = none; the host also
                               reports it through host_exec_is_cancelled */
} orc_node_execute_request;
#define ORC_V1_0_SIZE_NODE_EXECUTE_REQUEST \
  ORC_SIZE_THROUGH(orc_node_execute_request, deadline_unix_ms)

/* A node type. The runtime (not the node) handles control flow: it follows only the edges of
 * the ports the node emitted on, waits at merges, iterates ORC_PORT_ITEMS lists, retries by
 * error class and resolves expressions.
 * OWNERSHIP: plugin; the host copies it (struct_size bytes) during host_register_node_type.
 * on_execute: THREAD any worker thread; MAY RUN CONCURRENTLY on the same instance (several
 *   executions share it), so an instance must be immutable after on_create or synchronise.
 *   Success: return ORC_OK with result->data = a JSON object keyed by output port name,
 *   {"true": {...}}, one key per port emitted on (none = the node emits nothing and its
 *   downstream branch is skipped). Failure: return an error status with result->error_class
 *   and result->error_message; result->data is ignored. ORC_ERR_CANCELLED after noticing
 *   host_exec_is_cancelled. */
typedef struct orc_node_type_vtable {
  uint32_t struct_size;
  uint32_t reserved; /* zero */
  const orc_extension_info* info;
  void* type_data; /* plugin-owned, passed to on_create; lives until
                      on_shutdown returns */
  orc_on_create_fn on_create;
  orc_on_destroy_fn on_destroy;
  orc_status (*on_execute)(orc_instance* instance, const orc_node_execute_request* request,
                           orc_result* result);
} orc_node_type_vtable;
#define ORC_V1_0_SIZE_NODE_TYPE_VTABLE ORC_SIZE_THROUGH(orc_node_type_vtable, on_execute)

/* ---- AI provider ---------------------------------------------------------------------------- */

/* Token accounting of one AI call, filled in by the provider (host zeroes it, sets struct_size).
 * LIFETIME: the call. */
typedef struct orc_ai_usage {
  uint32_t struct_size;
  uint32_t reserved;
  uint64_t input_tokens;
  uint64_t output_tokens;
  uint64_t cached_input_tokens; /* part of input_tokens served from a prompt cache */
  uint64_t image_count;         /* images generated */
  /* v1.1: input tokens written to a prompt cache (priced apart from plain input by providers
   * such as Anthropic); NOT part of input_tokens, like the providers report them. */
  uint64_t cache_creation_input_tokens;
} orc_ai_usage;
#define ORC_V1_0_SIZE_AI_USAGE ORC_SIZE_THROUGH(orc_ai_usage, image_count)
#define ORC_V1_1_SIZE_AI_USAGE ORC_SIZE_THROUGH(orc_ai_usage, cache_creation_input_tokens)

/* Receives streamed output as it arrives. Implemented by the HOST (hence host_).
 * `chunk_json`: {"type":"text","text":"..."} | {"type":"tool_call","index":0,"id":"...",
 *   "name":"...","arguments":"<partial>"} | {"type":"reasoning","text":"..."}; borrowed.
 * Returns ORC_OK to continue, ORC_ERR_CANCELLED when the consumer is gone (stop and return
 * ORC_ERR_CANCELLED). THREAD: the thread running on_chat. */
typedef orc_status (*orc_host_stream_fn)(void* stream_ctx, orc_str chunk_json);

/* OWNERSHIP: host (or the plugin, when it calls host_ai_chat). LIFETIME: the call. */
typedef struct orc_ai_chat_request {
  uint32_t struct_size;
  uint32_t reserved;
  orc_exec* exec;                 /* the execution it runs for, or NULL */
  orc_str request_json;           /* {"model":"...","messages":[{"role":"system|user|assistant|
                                     tool","content":"...","tool_calls":[...],"tool_call_id":
                                     "..."}],"tools":[{"name","description","parameters"}],
                                     "tool_choice":"auto|none|required|<name>","temperature":
                                     0.7,"max_tokens":1024,"response_format":{...}} */
  orc_host_stream_fn host_stream; /* NULL = no streaming wanted */
  void* stream_ctx;               /* passed back to host_stream */
} orc_ai_chat_request;
#define ORC_V1_0_SIZE_AI_CHAT_REQUEST ORC_SIZE_THROUGH(orc_ai_chat_request, stream_ctx)

/* OWNERSHIP: host. LIFETIME: the call. */
typedef struct orc_ai_image_request {
  uint32_t struct_size;
  uint32_t reserved;
  orc_exec* exec;       /* or NULL */
  orc_str request_json; /* {"model":"...","prompt":"...","size":"1024x1024","count":1} */
} orc_ai_image_request;
#define ORC_V1_0_SIZE_AI_IMAGE_REQUEST ORC_SIZE_THROUGH(orc_ai_image_request, request_json)

/* An AI provider (OpenAI, Anthropic, a local model server ...). Instances are configured
 * providers (API key, base URL) created once and shared. THREAD: on_chat, on_generate_image
 * and on_list_models MAY RUN CONCURRENTLY on one instance.
 * on_chat: result->data = {"message":{"role":"assistant","content":"...","tool_calls":[{"id",
 *   "name","arguments":"<json text>"}]},"finish_reason":"stop|length|tool_calls|content_filter",
 *   "model":"<actual model>"}; usage filled in. When request->host_stream is set, chunks are
 *   streamed first and result->data still holds the complete message.
 * on_generate_image (optional, NULL = unsupported): result->data = {"images":[{"mime_type":
 *   "image/png","base64":"..."}|{"url":"..."}]}.
 * on_list_models (optional): result->data = {"models":[{"id":"...","display_name":"..."}]}. */
typedef struct orc_ai_provider_vtable {
  uint32_t struct_size;
  uint32_t reserved;
  const orc_extension_info* info;
  void* type_data;
  orc_on_create_fn on_create;
  orc_on_destroy_fn on_destroy;
  orc_status (*on_chat)(orc_instance* instance, const orc_ai_chat_request* request,
                        orc_result* result, orc_ai_usage* usage);
  orc_status (*on_generate_image)(orc_instance* instance, const orc_ai_image_request* request,
                                  orc_result* result, orc_ai_usage* usage);
  orc_status (*on_list_models)(orc_instance* instance, orc_result* result);
} orc_ai_provider_vtable;
#define ORC_V1_0_SIZE_AI_PROVIDER_VTABLE ORC_SIZE_THROUGH(orc_ai_provider_vtable, on_list_models)

/* ---- MCP transport ----------------------------------------------------------------------------
 */

/* Moves JSON-RPC messages of the Model Context Protocol to one MCP server (stdio, HTTP/SSE,
 * streamable HTTP). One instance = one configured server connection; the host speaks the
 * protocol (initialize, tools/list, tools/call) on top.
 * THREAD: on_open, then any number of on_send/on_receive, then on_close. One on_send and one
 * on_receive MAY RUN CONCURRENTLY (a writer and a reader thread); never two of the same kind.
 * on_close is never called while another call on the instance runs; on_destroy follows it.
 * on_open: connect/start; ORC_ERR_UNAVAILABLE when the server cannot be reached.
 * on_send: `message_json` is one complete JSON-RPC message (borrowed).
 * on_receive: wait at most timeout_ms (0 = poll) for the next message; result->data = one
 *   JSON-RPC message. ORC_ERR_TIMEOUT when none arrived, ORC_ERR_CLOSED when the server hung up.
 * on_close: release the connection; idempotent.
 * The exec given to on_open stays valid until on_close returns (unlike other callbacks' exec):
 *   pass it to host_http_request so a stream the transport keeps open ends once on_close
 *   begins (host_exec_is_cancelled turns true then). */
typedef struct orc_mcp_transport_vtable {
  uint32_t struct_size;
  uint32_t reserved;
  const orc_extension_info* info;
  void* type_data;
  orc_on_create_fn on_create;
  orc_on_destroy_fn on_destroy;
  orc_status (*on_open)(orc_instance* instance, orc_exec* exec, orc_result* result);
  orc_status (*on_send)(orc_instance* instance, orc_str message_json, orc_result* result);
  orc_status (*on_receive)(orc_instance* instance, uint32_t timeout_ms, orc_result* result);
  void (*on_close)(orc_instance* instance);
} orc_mcp_transport_vtable;
#define ORC_V1_0_SIZE_MCP_TRANSPORT_VTABLE ORC_SIZE_THROUGH(orc_mcp_transport_vtable, on_close)

/* ---- Storage backend --------------------------------------------------------------------------
 */

/* Supplies the bytes of an upload. Implemented by the HOST. Copies up to `capacity` bytes into
 * `buffer` and sets *size_read; *size_read == 0 with ORC_OK means end of data.
 * THREAD: the thread running on_put. */
typedef orc_status (*orc_host_read_fn)(void* source_ctx, char* buffer, size_t capacity,
                                       size_t* size_read);
/* Consumes the bytes of a download, one chunk at a time (borrowed). Implemented by the HOST.
 * A non-OK return means stop (return that status). THREAD: the thread running on_get. */
typedef orc_status (*orc_host_write_fn)(void* sink_ctx, orc_str chunk);

/* OWNERSHIP: host. LIFETIME: the call. Keys are relative paths "workspace/abc/file.pdf"
 * ("/"-separated, no "..", no leading "/"): the host checks them before calling. */
typedef struct orc_storage_put_request {
  uint32_t struct_size;
  uint32_t reserved;
  orc_exec* exec; /* or NULL */
  orc_str key;
  orc_str content_type;       /* may be empty */
  int64_t size_bytes;         /* total size when known, -1 otherwise */
  orc_host_read_fn host_read; /* pull the bytes from here until it reports 0 */
  void* source_ctx;
} orc_storage_put_request;
#define ORC_V1_0_SIZE_STORAGE_PUT_REQUEST ORC_SIZE_THROUGH(orc_storage_put_request, source_ctx)

typedef struct orc_storage_get_request {
  uint32_t struct_size;
  uint32_t reserved;
  orc_exec* exec; /* or NULL */
  orc_str key;
  int64_t offset_bytes;         /* first byte to deliver */
  int64_t length_bytes;         /* -1 = through the end */
  orc_host_write_fn host_write; /* push the bytes here in chunks */
  void* sink_ctx;
} orc_storage_get_request;
#define ORC_V1_0_SIZE_STORAGE_GET_REQUEST ORC_SIZE_THROUGH(orc_storage_get_request, sink_ctx)

/* Where files live (local folder, S3, ...). THREAD: every operation MAY RUN CONCURRENTLY on one
 * instance; concurrent writes to one key end with one of the writes complete (never a mix).
 * "stat JSON" below is {"key":"...","size_bytes":123,"content_type":"...","modified_unix_ms":
 * 1700000000000,"etag":"..."} (content_type/etag may be absent).
 * on_put: stores the whole object or nothing; result->data = stat JSON of the stored object.
 * on_get: streams the bytes; ORC_ERR_NOT_FOUND when absent; result->data = stat JSON.
 * on_stat: result->data = stat JSON; ORC_ERR_NOT_FOUND when absent.
 * on_delete: ORC_OK also when absent (deleting is idempotent).
 * on_list (optional): result->data = {"items":[<stat JSON>...]} for keys starting with prefix. */
typedef struct orc_storage_backend_vtable {
  uint32_t struct_size;
  uint32_t reserved;
  const orc_extension_info* info;
  void* type_data;
  orc_on_create_fn on_create;
  orc_on_destroy_fn on_destroy;
  orc_status (*on_put)(orc_instance* instance, const orc_storage_put_request* request,
                       orc_result* result);
  orc_status (*on_get)(orc_instance* instance, const orc_storage_get_request* request,
                       orc_result* result);
  orc_status (*on_stat)(orc_instance* instance, orc_str key, orc_result* result);
  orc_status (*on_delete)(orc_instance* instance, orc_str key, orc_result* result);
  orc_status (*on_list)(orc_instance* instance, orc_str prefix, orc_result* result);
} orc_storage_backend_vtable;
#define ORC_V1_0_SIZE_STORAGE_BACKEND_VTABLE ORC_SIZE_THROUGH(orc_storage_backend_vtable, on_list)

/* ---- Registrar ----------------------------------------------------------------------------------
 */

/* How a plugin announces its extensions. OWNERSHIP: host. LIFETIME and THREAD: only during
 * on_init, on the thread running it. Each host_register_* copies the vtable (struct_size bytes)
 * and its info (strings and ports included) and returns:
 *   ORC_OK, ORC_ERR_ALREADY_EXISTS (id taken, by this or another plugin),
 *   ORC_ERR_INVALID_ARGUMENT (bad id, missing required field, bad schema JSON),
 *   ORC_ERR_VERSION (struct smaller than its v1.0 size). */
typedef struct orc_registrar {
  uint32_t struct_size;
  uint32_t reserved;
  orc_registrar_ctx* ctx;
  orc_status (*host_register_node_type)(orc_registrar_ctx* ctx, const orc_node_type_vtable* v);
  orc_status (*host_register_ai_provider)(orc_registrar_ctx* ctx, const orc_ai_provider_vtable* v);
  orc_status (*host_register_mcp_transport)(orc_registrar_ctx* ctx,
                                            const orc_mcp_transport_vtable* v);
  orc_status (*host_register_storage_backend)(orc_registrar_ctx* ctx,
                                              const orc_storage_backend_vtable* v);
} orc_registrar;
#define ORC_V1_0_SIZE_REGISTRAR ORC_SIZE_THROUGH(orc_registrar, host_register_storage_backend)

/* ---- Host API: the only way a plugin calls the host ------------------------------------------ */

/* Outbound HTTP, performed by the host (SSRF guard, proxy, TLS, timeouts).
 * OWNERSHIP: plugin. LIFETIME: the host_http_request call. */
typedef struct orc_http_request {
  uint32_t struct_size;
  uint32_t timeout_ms;         /* whole request; 0 = the host's default */
  orc_str method;              /* "GET", "POST" ... */
  orc_str url;                 /* absolute http(s) URL */
  orc_str headers_json;        /* [["Name","value"], ...]; empty = none */
  orc_str body;                /* raw bytes; empty = none */
  uint64_t max_response_bytes; /* 0 = the host's default limit */
  /* Optional streaming (SSE, large downloads): when set, the body goes here chunk by chunk
   * and orc_http_response.body stays empty. Implemented by the PLUGIN; called on the thread
   * running host_http_request; a non-OK return aborts the request with that status. It is
   * first called with an empty chunk once the response's headers arrived (so a stream that
   * stays silent is known to be open). */
  orc_status (*on_body_chunk)(void* chunk_ctx, orc_str chunk);
  void* chunk_ctx;
} orc_http_request;
#define ORC_V1_0_SIZE_HTTP_REQUEST ORC_SIZE_THROUGH(orc_http_request, chunk_ctx)

/* OWNERSHIP: the plugin provides it zeroed with struct_size set; the host fills it and the
 * PLUGIN then owns the buffers (release each with host_buffer_free), whatever the status. */
typedef struct orc_http_response {
  uint32_t struct_size;
  int32_t status_code;     /* 0 when no response arrived */
  orc_buffer headers_json; /* [["name","value"], ...], names lower-case */
  orc_buffer body;
  orc_buffer error_message; /* set when the call returns an error */
} orc_http_response;
#define ORC_V1_0_SIZE_HTTP_RESPONSE ORC_SIZE_THROUGH(orc_http_response, error_message)

/* A child process started through the host's spawn rules (allowed commands, environment,
 * limits). For the MCP stdio transport. OWNERSHIP: plugin. LIFETIME: the spawn call. */
typedef struct orc_spawn_request {
  uint32_t struct_size;
  uint32_t reserved;
  orc_str command;           /* program path or name, as the host's rules allow */
  orc_str args_json;         /* ["arg1", ...] */
  orc_str env_json;          /* {"NAME":"value"} added to the host's minimal environment */
  orc_str working_directory; /* empty = the host's choice */
} orc_spawn_request;
#define ORC_V1_0_SIZE_SPAWN_REQUEST ORC_SIZE_THROUGH(orc_spawn_request, working_directory)

/* The host functions. OWNERSHIP: host. LIFETIME: from on_init until on_shutdown returns (copy
 * the table if you keep it; the wrapper does). THREAD: every function is thread-safe except
 * where noted. Functions taking an orc_exec* are valid only during the call that received it;
 * NULL for exec means "not on behalf of an execution" (no cancellation, no progress). */
typedef struct orc_host_api {
  uint32_t struct_size;
  uint32_t abi_major; /* the host's ORC_ABI_VERSION_MAJOR */
  uint32_t abi_minor; /* the host's ORC_ABI_VERSION_MINOR */
  uint32_t reserved;
  orc_host* host;       /* first argument of the host_* functions below */
  orc_str host_version; /* "0.1.0" */

  /* Memory. host_buffer_alloc returns {NULL,0} on failure (or for size 0). host_buffer_free
   * accepts {NULL,0}; it wipes the bytes first (secrets travel in buffers). */
  orc_buffer (*host_buffer_alloc)(orc_host* host, size_t size);
  void (*host_buffer_free)(orc_host* host, orc_buffer buffer);

  /* Structured log line attributed to the plugin. `fields_json` is an object or empty.
   * Never blocks on I/O. */
  void (*host_log)(orc_host* host, orc_log_level level, orc_str message, orc_str fields_json);

  /* Execution context. host_exec_emit_progress publishes a progress event for the node:
   * {"message":"...","percent":40,"data":{...}} (all keys optional); the host adds ids and
   * timestamps and may coalesce bursts. host_exec_is_cancelled is cheap: poll it in loops; it is
   * true after cancellation or when the deadline passed. host_exec_idempotency_key returns a
   * key that is the same for every attempt of this node for this item of this execution,
   * including after a host restart, so it can be forwarded to external APIs (borrowed, valid
   * during the call). THREAD: any thread, but only while the call that got `exec` runs. */
  orc_status (*host_exec_emit_progress)(orc_host* host, orc_exec* exec, orc_str event_json);
  bool (*host_exec_is_cancelled)(orc_host* host, orc_exec* exec);
  orc_str (*host_exec_idempotency_key)(orc_host* host, orc_exec* exec);

  /* Outbound HTTP. ORC_OK whenever a response arrived (any status_code); otherwise
   * ORC_ERR_PERMISSION_DENIED (address refused), ORC_ERR_TIMEOUT, ORC_ERR_UNAVAILABLE,
   * ORC_ERR_CANCELLED (exec cancelled), ORC_ERR_INVALID_ARGUMENT (bad URL/method). Blocks. */
  orc_status (*host_http_request)(orc_host* host, orc_exec* exec, const orc_http_request* request,
                                  orc_http_response* response);

  /* A secret by name from the host's encrypted store, as allowed for this plugin.
   * *value receives a buffer the plugin owns (free it soon). ORC_ERR_NOT_FOUND,
   * ORC_ERR_PERMISSION_DENIED. */
  orc_status (*host_secret)(orc_host* host, orc_str name, orc_buffer* value);

  /* Calls an AI provider configured in the host by its configured id ("openai"), not by
   * extension id. Same request/result contract as on_chat; `result` and `usage` are provided
   * by the plugin (zeroed, struct_size set) and the plugin owns the buffers afterwards. */
  orc_status (*host_ai_chat)(orc_host* host, orc_str provider_id,
                             const orc_ai_chat_request* request, orc_result* result,
                             orc_ai_usage* usage);

  /* Calls a tool of an MCP server configured in the host. result->data = the MCP tool result
   * ({"content":[...],"isError":false}); host_mcp_list_tools: {"tools":[...]}. The plugin owns
   * the result buffers afterwards. */
  orc_status (*host_mcp_call_tool)(orc_host* host, orc_exec* exec, orc_str server_id,
                                   orc_str tool_name, orc_str arguments_json, orc_result* result);
  orc_status (*host_mcp_list_tools)(orc_host* host, orc_exec* exec, orc_str server_id,
                                    orc_result* result);

  /* File storage through a configured backend (empty backend_id = the default one). Whole
   * objects in memory (bounded by the host's upload limit). put: result->data = stat JSON;
   * get: result->data = the bytes; stat: stat JSON; delete: ORC_OK also when absent.
   * The plugin owns the result buffers afterwards. */
  orc_status (*host_storage_put)(orc_host* host, orc_exec* exec, orc_str backend_id, orc_str key,
                                 orc_str content_type, orc_str bytes, orc_result* result);
  orc_status (*host_storage_get)(orc_host* host, orc_exec* exec, orc_str backend_id, orc_str key,
                                 orc_result* result);
  orc_status (*host_storage_stat)(orc_host* host, orc_exec* exec, orc_str backend_id, orc_str key,
                                  orc_result* result);
  orc_status (*host_storage_delete)(orc_host* host, orc_exec* exec, orc_str backend_id, orc_str key,
                                    orc_result* result);

  /* Child processes under the host's spawn rules (ORC_ERR_PERMISSION_DENIED when not allowed,
   * ORC_ERR_UNSUPPORTED when spawning is off). The process handle is plugin-owned until
   * host_process_close, which waits up to timeout_ms, then kills, and reports the exit code.
   * write: all bytes to stdin (ORC_ERR_CLOSED when it exited). read: up to capacity bytes of
   * stdout within timeout_ms (ORC_ERR_TIMEOUT, ORC_ERR_CLOSED at end). stderr goes to the log.
   * THREAD: one reader and one writer may run concurrently; close after both returned. */
  orc_status (*host_process_spawn)(orc_host* host, const orc_spawn_request* request,
                                   orc_process** out_process, orc_result* result);
  orc_status (*host_process_write)(orc_host* host, orc_process* process, orc_str bytes);
  orc_status (*host_process_read)(orc_host* host, orc_process* process, char* buffer,
                                  size_t capacity, size_t* size_read, uint32_t timeout_ms);
  orc_status (*host_process_close)(orc_host* host, orc_process* process, uint32_t timeout_ms,
                                   int32_t* exit_code);

  /* v1.2: generates images with an AI provider configured in the host, by its configured id.
   * Same request/result contract as on_generate_image (ORC_ERR_UNSUPPORTED when the provider
   * has none); metered and bounded by budgets like host_ai_chat. `result` and `usage` are
   * provided by the plugin (zeroed, struct_size set); the plugin owns the buffers afterwards.
   * NULL in a v1.0/v1.1 host. */
  orc_status (*host_ai_generate_image)(orc_host* host, orc_str provider_id,
                                       const orc_ai_image_request* request, orc_result* result,
                                       orc_ai_usage* usage);

  /* v1.3: node types as building blocks of other extensions (an agent's tools).
   * host_describe_node_type: result->data = {"id","display_name","description","category":
   *   "trigger|logic|action|agent|integration","config_schema":{...},"input_ports":[...],
   *   "output_ports":[...]}; ORC_ERR_NOT_FOUND for a type not loaded in this host. `exec` is
   *   not needed: any thread, also during on_create.
   * host_run_node: runs the node type once, as the runtime would run a node whose config has no
   *   {{ expressions }}: `config_json` is checked against the type's schema (a refusal is
   *   ORC_ERR_INVALID_ARGUMENT, VALIDATION class), `input_json` is {"main": ...}. On behalf of
   *   `exec`, which is required: the same execution, workspace, user, budgets and secrets, its
   *   cancellation and deadline, progress events go to the caller's node, and the idempotency
   *   key is the caller's plus the call's rank within that operation (stable across retries
   *   when the calls come in the same order). Success: result->data = the node's ports object
   *   {"main": ...}. Failure: the node's status, error class and message (and retry_after_ms).
   *   Refused with ORC_ERR_PERMISSION_DENIED: no exec, a trigger node type, or runs nested
   *   deeper than the host allows (4 levels). Blocks for as long as the node runs. THREAD:
   *   only on the thread running the call that got `exec` (the execution's secrets are
   *   reachable there only).
   * The plugin owns the result buffers afterwards. NULL in a host older than v1.3. */
  orc_status (*host_describe_node_type)(orc_host* host, orc_str node_type_id, orc_result* result);
  orc_status (*host_run_node)(orc_host* host, orc_exec* exec, orc_str node_type_id,
                              orc_str config_json, orc_str input_json, orc_result* result);
} orc_host_api;
#define ORC_V1_0_SIZE_HOST_API ORC_SIZE_THROUGH(orc_host_api, host_process_close)
#define ORC_V1_2_SIZE_HOST_API ORC_SIZE_THROUGH(orc_host_api, host_ai_generate_image)
#define ORC_V1_3_SIZE_HOST_API ORC_SIZE_THROUGH(orc_host_api, host_run_node)

/* ---- Plugin descriptor and entry point ----------------------------------------------------- */

/* What a plugin is. OWNERSHIP: plugin (static storage). LIFETIME: until the library is unloaded.
 * on_init: THREAD the host's main thread, once, before anything else of the plugin runs except
 *   the entry. Registers extensions through `registrar` (valid only during this call), may keep
 *   `host_api` (valid until on_shutdown returns). `config_json` is the plugin's `config:` from
 *   the host's YAML, validated against config_schema_json (borrowed). On failure fill
 *   result->error_message and return an error: the host then calls nothing else of the plugin
 *   (not even on_shutdown) and forgets whatever it registered.
 * on_shutdown (optional): THREAD main thread, once, after every instance was destroyed and no
 *   call is running; the plugin releases its global state. The host keeps the library loaded. */
typedef struct orc_plugin_descriptor {
  uint32_t struct_size;
  uint32_t abi_major; /* ORC_ABI_VERSION_MAJOR the plugin was built against */
  uint32_t abi_minor; /* ORC_ABI_VERSION_MINOR the plugin was built against */
  uint32_t reserved;
  orc_str id;      /* "core", "com.acme.crm": the owner of its extensions */
  orc_str version; /* the plugin's own version, "1.4.2" */
  orc_str name;    /* "Acme CRM" */
  orc_str description;
  orc_str config_schema_json; /* JSON Schema of the plugin's config; empty = "{}" */
  orc_status (*on_init)(const orc_host_api* host_api, const orc_registrar* registrar,
                        orc_str config_json, orc_result* result);
  void (*on_shutdown)(void);
} orc_plugin_descriptor;
#define ORC_V1_0_SIZE_PLUGIN_DESCRIPTOR ORC_SIZE_THROUGH(orc_plugin_descriptor, on_shutdown)

/* The one exported symbol of an ABI v1 plugin. Returns a pointer to a static descriptor; runs
 * no other code (no allocation, no threads, no I/O). THREAD: main thread, once per load. */
typedef const orc_plugin_descriptor* (*orc_plugin_entry_fn)(void);

#if defined(_WIN32)
#define ORC_PLUGIN_EXPORT __declspec(dllexport)
#else
#define ORC_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/* Declared here so that a plugin's definition is checked against it; the host never calls it
 * by name but looks it up with ORC_PLUGIN_ENTRY_SYMBOL. */
ORC_PLUGIN_EXPORT const orc_plugin_descriptor* orc_plugin_entry_v1(void);

#ifdef __cplusplus
}
#endif

#endif /* ORCHESTRA_ABI_H */
