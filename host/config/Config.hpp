// The host's typed configuration: what config/orchestra.yaml says after ${ENV} interpolation,
// ORCHESTRA_* environment overrides, defaults and validation (see ConfigLoader).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace orchestra::config {

struct CorsSettings {
  // Exact origins ("https://studio.example.com") allowed to call the API from a browser;
  // "*" allows any origin (never together with credentials).
  std::vector<std::string> allowed_origins;
  bool allow_credentials = false;
  int max_age_seconds = 600;

  friend bool operator==(const CorsSettings&, const CorsSettings&) = default;
};

// Bounds on a JSON request body, checked in one pass before a document is built (a Poco document
// costs up to ~1 KiB per value, so the value count, not the byte count, bounds a request's memory).
struct JsonBodySettings {
  std::int64_t max_values = 100'000;  // per body; routes may set fewer (sign-in bodies do)
  int max_depth = 64;                 // nesting of arrays and objects
  // Estimated memory of all documents being parsed at once (2x the body + 1 KiB per value);
  // past it a request is answered 503. 0: no budget.
  std::int64_t in_flight_budget_bytes = std::int64_t{512} * 1024 * 1024;

  friend bool operator==(const JsonBodySettings&, const JsonBodySettings&) = default;
};

struct ServerSettings {
  std::string host = "127.0.0.1";
  int port = 8000;       // 0 picks a free port (tests); the bound port is logged at start.
  int threads = 64;      // run handlers only; waiting connections sit on the reactor
  int queue_size = 256;  // complete requests waiting for a free thread (503 past it)
  bool keep_alive = true;
  int keep_alive_timeout_ms = 5000;
  int max_keep_alive_requests = 1000;
  int request_timeout_ms = 30000;    // socket receive/send timeout while a body is read/written
  int header_timeout_ms = 10000;     // the whole request head must arrive within this (408 past it)
  int max_connections = 10000;       // open connections in total; new ones are refused past it
  int max_connections_per_ip = 256;  // open connections per client address; 0: no limit
  std::int64_t body_limit_bytes = std::int64_t{10} * 1024 * 1024;
  int shutdown_timeout_ms = 10000;  // how long SIGTERM waits for in-flight requests
  CorsSettings cors;
  // Peers (addresses or CIDR ranges) whose X-Forwarded-For is believed; everyone else's client
  // address is the socket's.
  std::vector<std::string> trusted_proxies;
  JsonBodySettings json;

  friend bool operator==(const ServerSettings&, const ServerSettings&) = default;
};

struct DatabaseSettings {
  // sqlite:///relative/path.db, sqlite:////absolute/path.db, or
  // postgresql://user:password@host:port/dbname[?sslmode=...]
  std::string url = "sqlite:///data/orchestra.db";
  int pool_min_sessions = 1;
  int pool_max_sessions = 16;
  int busy_timeout_ms = 5000;  // SQLite: how long a writer waits for the lock
  // SQLite's PRAGMA synchronous under WAL: "normal" (a process crash loses nothing committed; a
  // power loss or OS crash can lose the last commits) or "full" (fsync per commit: survives both).
  std::string sqlite_synchronous = "normal";
  int connect_timeout_ms = 5000;
  bool migrate_on_start = true;
  std::string migrations_dir = "migrations";  // holds sqlite/ and postgres/

  friend bool operator==(const DatabaseSettings&, const DatabaseSettings&) = default;
};

struct LogSettings {
  std::string level = "info";  // trace, debug, info, warning, error, critical
  bool access_log = true;      // one JSON line per request (never bodies or tokens)

  friend bool operator==(const LogSettings&, const LogSettings&) = default;
};

// One entry of plugins.load: a shared library the plugin loader opens at start-up.
struct PluginLoadSpec {
  std::string file;       // a relative path is looked up in plugins.search_paths
  std::string expect_id;  // when set, the plugin must report this id or it is refused
  bool required = false;  // true: a plugin that fails to load stops start-up
  std::string sha256;     // when set, the file's SHA-256 (hex) must match before it is opened
  // The entry's `config` map as JSON text: only the plugin knows its schema, so the host keeps
  // it opaque and validates it against the JSON Schema the plugin declares.
  std::string config_json = "{}";

  friend bool operator==(const PluginLoadSpec&, const PluginLoadSpec&) = default;
};

struct PluginsSettings {
  std::vector<std::string> search_paths = {"plugins"};
  std::vector<PluginLoadSpec> load;
  // Outbound HTTP of plugins (core.http_request) refuses private, loopback, link-local and
  // metadata addresses unless this is set (tests, on-premise networks).
  bool http_allow_private_addresses = false;

  friend bool operator==(const PluginsSettings&, const PluginsSettings&) = default;
};

// Limits applied to every spawned process (setrlimit in the child); 0: the host's own limit.
struct SpawnLimits {
  int cpu_seconds = 0;            // RLIMIT_CPU: CPU time, then SIGXCPU/SIGKILL
  std::int64_t memory_bytes = 0;  // RLIMIT_AS: address space (V8 reserves a lot: >= 4 GiB)
  int open_files = 1024;          // RLIMIT_NOFILE

  friend bool operator==(const SpawnLimits&, const SpawnLimits&) = default;
};

// Which processes plugins may start through host_process_spawn (the MCP stdio transport) and
// what they get: never a shell, never the host's environment beyond env_allow.
struct SpawnSettings {
  bool enabled = false;
  // Program names looked up on the host's PATH at start-up, or absolute paths.
  std::vector<std::string> allowed_commands{"npx", "node", "python3", "uvx"};
  // Host environment variables passed through to children; the request's env comes on top.
  std::vector<std::string> env_allow{"PATH", "HOME", "LANG"};
  std::string working_directory;  // empty: the host's own
  SpawnLimits limits;
  int stderr_lines_per_second = 20;  // per process; past it lines are counted, not logged
  int stderr_max_line_bytes = 2048;  // longer stderr lines are cut

  friend bool operator==(const SpawnSettings&, const SpawnSettings&) = default;
};

struct AuthSettings {
  // HMAC key of the tokens (and of stored OTP hashes): at least 32 bytes. Outside development
  // mode a missing, short or example secret stops start-up.
  std::string jwt_secret;
  // Development only: a missing secret becomes a random per-process one (tokens die on restart).
  bool development_mode = false;
  std::string issuer = "orchestra";
  std::string audience = "orchestra-api";
  int access_token_ttl_seconds = 900;
  int refresh_token_ttl_seconds = 604800;
  int otp_ttl_seconds = 300;
  int otp_max_attempts = 5;
  // How long a session check is cached per process; bounds how long another instance keeps
  // accepting a session revoked elsewhere.
  int session_cache_ttl_ms = 5000;

  friend bool operator==(const AuthSettings&, const AuthSettings&) = default;
};

struct SmtpSettings {
  std::string host = "localhost";
  int port = 587;
  std::string username;  // empty: no AUTH
  std::string password;
  bool starttls = true;
  int timeout_ms = 10000;

  friend bool operator==(const SmtpSettings&, const SmtpSettings&) = default;
};

struct EmailSettings {
  std::string provider = "log";  // log (development: log + outbox folder) or smtp
  std::string from = "Orchestra <no-reply@localhost>";
  std::string outbox_dir = "data/outbox";
  SmtpSettings smtp;

  friend bool operator==(const EmailSettings&, const EmailSettings&) = default;
};

struct RedisSettings {
  std::string url;  // redis://[:password@]host:port[/db]; empty: in-process state only
  std::string key_prefix = "orchestra:";
  int timeout_ms = 2000;
  int pool_size = 16;

  friend bool operator==(const RedisSettings&, const RedisSettings&) = default;
};

struct BusSettings {
  // Where published events go. in_process: to this instance's subscribers only; redis: through
  // Redis pub/sub to every instance sharing redis.url (required then); auto: redis when
  // redis.url is set, in_process otherwise.
  std::string backend = "auto";

  friend bool operator==(const BusSettings&, const BusSettings&) = default;
};

struct RateLimitSettings {
  bool enabled = true;
  int otp_request_limit = 5;  // per client IP
  int otp_request_window_seconds = 900;
  int otp_verify_limit = 10;  // per client IP
  int otp_verify_window_seconds = 900;
  int api_limit = 1000;  // per user (per IP before login)
  int api_window_seconds = 3600;
  int ai_tools_limit = 100;  // per user, /api/v1/tools/ai/*
  int ai_tools_window_seconds = 3600;
  int web_tools_limit = 300;  // per user, /api/v1/tools/web/*
  int web_tools_window_seconds = 3600;

  friend bool operator==(const RateLimitSettings&, const RateLimitSettings&) = default;
};

// The durable runtime (host/runtime/RuntimeSettings.hpp holds what each value does).
struct RuntimeConfig {
  bool enabled = true;  // false: this instance queues executions but runs none (an API role)
  int max_running_executions = 64;
  int node_threads = 32;
  int lease_ms = 30000;
  int heartbeat_ms = 5000;
  int poll_interval_ms = 500;
  int retry_max = 3;
  std::vector<std::string> retry_delays_ms{"5000", "30000", "120000"};
  int node_timeout_ms = 300000;
  std::int64_t execution_timeout_ms = 3600000;
  std::int64_t max_node_output_bytes = std::int64_t{10} * 1024 * 1024;
  std::int64_t max_execution_data_bytes = std::int64_t{64} * 1024 * 1024;
  int max_foreach_items = 10000;
  int max_loop_iterations = 10000;
  int max_queue_depth = 100000;
  std::string inline_commits = "together";
  int retention_max_age_hours = 24 * 30;
  std::int64_t retention_max_executions = 0;
  int retention_interval_ms = 3600000;
  bool cron_enabled = true;  // false: this instance fires no cron ticks (others still do)
  int cron_interval_ms = 1000;

  friend bool operator==(const RuntimeConfig&, const RuntimeConfig&) = default;
};

// WebSocket endpoints (/api/v1/ws/*): connections live on the HTTP reactor after the upgrade.
struct WebSocketSettings {
  int max_connections = 20000;        // on this instance; more are refused with 503
  int max_connections_per_user = 50;  // more are refused with 429
  int max_message_bytes = 65536;      // a client message (all its frames) above this: close 1009
  int send_queue_bytes = 1048576;     // unsent bytes per client before it is closed with 1013
  int ping_interval_ms = 30000;       // a silent client is pinged after this long...
  int pong_timeout_ms = 10000;        // ...and dropped when nothing comes back within this
  int close_timeout_ms = 2000;        // wait for the client's close frame after ours
  int resume_events = 1000;           // recent events kept per channel for ?after=SEQ
  int resume_window_ms = 120000;      // and for how long after a channel's last client left
  int auth_recheck_ms = 5000;         // how often open sockets' sessions are checked (1008)
  int presence_ttl_ms = 45000;        // a collaborator without a heartbeat this long has left

  friend bool operator==(const WebSocketSettings&, const WebSocketSettings&) = default;
};

struct ObservabilitySettings {
  // When set, GET /metrics answers only `Authorization: Bearer <token>` (401 otherwise); empty:
  // /metrics is public (per-route request counts, e.g. sign-in activity, are then visible).
  std::string metrics_token;

  friend bool operator==(const ObservabilitySettings&, const ObservabilitySettings&) = default;
};

struct SecretsSettings {
  // The environment variable holding the master key (base64 of 32 bytes) that wraps every
  // workspace's data key. The key itself is never a configuration value: files get copied.
  std::string master_key_env = "ORCHESTRA_MASTER_KEY";

  friend bool operator==(const SecretsSettings&, const SecretsSettings&) = default;
};

struct CollaborationSettings {
  // The studio's address: invitation mails link to <studio_url>/invitations/accept?token=...
  std::string studio_url = "http://localhost:3000";
  // How long an invitation's link works.
  int invitation_ttl_hours = 168;

  friend bool operator==(const CollaborationSettings&, const CollaborationSettings&) = default;
};

// ---- AI providers, prices and budgets (ai:) ----
// One AI provider instance the operator declares: created once at start-up from the extension
// `extension` (e.g. ai.anthropic) with `config`, and called by host_ai_chat as `id`.
struct AiProviderSpec {
  std::string id;
  std::string extension;
  std::string config_json = "{}";  // checked against the extension's JSON Schema at start-up

  friend bool operator==(const AiProviderSpec&, const AiProviderSpec&) = default;
};

struct AiSettings {
  std::vector<AiProviderSpec> providers;
  // {"<model>": {"input": 3, "output": 15, "cache_read": 0.3, "cache_creation": 3.75}} in USD
  // per million tokens of each kind (and "image": USD per image); a model not listed costs 0.
  std::string prices_json = "{}";
  // {"workspace_monthly_usd": 50, "workflow_monthly_usd": 10, "execution_usd": 1}: defaults for
  // every workspace (a workspace's own budgets, set through the API, take precedence); a
  // missing or 0 value is no limit.
  std::string budgets_json = "{}";

  friend bool operator==(const AiSettings&, const AiSettings&) = default;
};

// ---- Web tools (web_tools:) ----
// The services POST /api/v1/tools/web/search and /tools/web/read call (web.search / web.read
// nodes name their own in their config); both speak Jina's request and answer shapes.
struct WebToolsSettings {
  std::string search_url = "https://s.jina.ai";
  std::string reader_url = "https://r.jina.ai";
  // The workspace secret holding the services' key; without it (no name, or the workspace has
  // no such secret) reads fetch the page directly and searches send no key.
  std::string api_key_secret = "JINA_API_KEY";

  friend bool operator==(const WebToolsSettings&, const WebToolsSettings&) = default;
};

struct Config {
  ServerSettings server;
  DatabaseSettings database;
  LogSettings log;
  PluginsSettings plugins;
  SpawnSettings spawn;
  AuthSettings auth;
  EmailSettings email;
  RedisSettings redis;
  BusSettings bus;
  RateLimitSettings rate_limits;
  RuntimeConfig runtime;
  WebSocketSettings websocket;
  ObservabilitySettings observability;
  SecretsSettings secrets;
  CollaborationSettings collaboration;
  AiSettings ai;
  WebToolsSettings web_tools;

  friend bool operator==(const Config&, const Config&) = default;
};

}  // namespace orchestra::config
