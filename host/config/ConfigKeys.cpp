// The configuration schema. To add a key: add its member (with its default) to Config.hpp, add
// one row here, and document it in config/orchestra.yaml; validation, the ORCHESTRA_* override
// and `orchestra config keys` follow from the row. A new section is just a new path prefix.
#include "host/config/ConfigKeys.hpp"

#include <vector>

#include "host/config/ConfigSchema.hpp"
#include "host/config/SchemaWalker.hpp"

namespace orchestra::config {

namespace {

constexpr std::int64_t kOneHourMs = 3'600'000;
constexpr std::int64_t kOneKibibyte = 1024;

std::vector<Field<Config>> makeConfigFields() {
  using C = Config;
  using S = ServerSettings;
  using D = DatabaseSettings;
  using A = AuthSettings;
  using E = EmailSettings;
  using R = RedisSettings;
  using B = BusSettings;
  using L = RateLimitSettings;
  using U = RuntimeConfig;
  using P = SpawnSettings;
  return {
      stringKey<&C::server, &S::host>("server.host",
                                      "address to listen on; 0.0.0.0 listens on every interface"),
      integerKey<&C::server, &S::port>("server.port", {0, 65535},
                                       "TCP port to listen on; 0 picks a free port"),
      integerKey<&C::server, &S::threads>(
          "server.threads", {1, 4096}, "threads running handlers (waiting connections hold none)"),
      integerKey<&C::server, &S::queue_size>(
          "server.queue_size", {1, 65536}, "complete requests waiting for a thread (503 past it)"),
      booleanKey<&C::server, &S::keep_alive>("server.keep_alive",
                                             "keep HTTP/1.1 connections open between requests"),
      integerKey<&C::server, &S::keep_alive_timeout_ms>(
          "server.keep_alive_timeout_ms", {1, kOneHourMs},
          "how long an idle kept-alive connection stays open"),
      integerKey<&C::server, &S::max_keep_alive_requests>(
          "server.max_keep_alive_requests", {.minimum = 1},
          "requests served on one connection before it is closed"),
      integerKey<&C::server, &S::request_timeout_ms>(
          "server.request_timeout_ms", {1, kOneHourMs},
          "socket timeout while a request body is read or a response written"),
      integerKey<&C::server, &S::header_timeout_ms>(
          "server.header_timeout_ms", {1, kOneHourMs},
          "time allowed for a whole request head to arrive (408 and close past it)"),
      integerKey<&C::server, &S::max_connections>(
          "server.max_connections", {1, 1'000'000},
          "open connections in total; new ones get 503 and are closed past it"),
      integerKey<&C::server, &S::max_connections_per_ip>(
          "server.max_connections_per_ip", {0, 1'000'000},
          "open connections per client address (429 past it); 0 turns the limit off"),
      integerKey<&C::server, &S::body_limit_bytes>("server.body_limit_bytes",
                                                   {.minimum = kOneKibibyte},
                                                   "largest request body accepted (413 above)"),
      integerKey<&C::server, &S::shutdown_timeout_ms>(
          "server.shutdown_timeout_ms", {0, kOneHourMs},
          "how long SIGTERM waits for requests in flight"),
      stringListKey<&C::server, &S::cors, &CorsSettings::allowed_origins>(
          "server.cors.allowed_origins",
          "browser origins allowed to call the API; \"*\" allows any (without credentials)"),
      booleanKey<&C::server, &S::cors, &CorsSettings::allow_credentials>(
          "server.cors.allow_credentials", "let browsers send cookies and Authorization headers"),
      integerKey<&C::server, &S::cors, &CorsSettings::max_age_seconds>(
          "server.cors.max_age_seconds", {0, 86400},
          "how long browsers may cache a preflight answer"),
      stringListKey<&C::server, &S::trusted_proxies>(
          "server.trusted_proxies",
          "proxy addresses or CIDR ranges whose X-Forwarded-For gives the client address"),
      integerKey<&C::server, &S::json, &JsonBodySettings::max_values>(
          "server.json.max_values", {.minimum = 16},
          "most JSON values (scalars, arrays, objects) in one body (413 above)"),
      integerKey<&C::server, &S::json, &JsonBodySettings::max_depth>(
          "server.json.max_depth", {1, 64},
          "deepest nesting of JSON arrays and objects (422 above)"),
      integerKey<&C::server, &S::json, &JsonBodySettings::in_flight_budget_bytes>(
          "server.json.in_flight_budget_bytes", {.minimum = 0},
          "estimated memory of the JSON bodies parsed at once (503 above); 0: no budget"),

      // The URL may carry a password, so it is never echoed.
      stringKey<&C::database, &D::url>(
          "database.url",
          "sqlite:///relative.db, sqlite:////absolute.db or postgresql://user:pass@host/db",
          {.secret = true}),
      integerKey<&C::database, &D::pool_min_sessions>("database.pool_min_sessions", {0, 1024},
                                                      "sessions the pool keeps open when idle"),
      integerKey<&C::database, &D::pool_max_sessions>("database.pool_max_sessions", {1, 1024},
                                                      "most sessions open at once"),
      integerKey<&C::database, &D::busy_timeout_ms>("database.busy_timeout_ms", {0, kOneHourMs},
                                                    "SQLite: how long a writer waits for the lock"),
      enumKey<&C::database, &D::sqlite_synchronous>(
          "database.sqlite_synchronous", {"normal", "full"},
          "SQLite: normal loses nothing on a process crash but may lose the last commits on power "
          "loss; full fsyncs every commit and survives power loss"),
      integerKey<&C::database, &D::connect_timeout_ms>(
          "database.connect_timeout_ms", {1, kOneHourMs},
          "how long opening a database session may take"),
      booleanKey<&C::database, &D::migrate_on_start>("database.migrate_on_start",
                                                     "apply pending migrations at start-up"),
      stringKey<&C::database, &D::migrations_dir>(
          "database.migrations_dir", "folder holding the sqlite/ and postgres/ migrations"),

      enumKey<&C::log, &LogSettings::level>(
          "log.level", {"trace", "debug", "info", "warning", "error", "critical"},
          "least severe message written"),
      booleanKey<&C::log, &LogSettings::access_log>(
          "log.access_log", "one JSON line per request (never bodies or tokens)"),

      stringListKey<&C::plugins, &PluginsSettings::search_paths>(
          "plugins.search_paths",
          "folders searched for a plugins.load file given as a relative path"),
      objectListKey<&C::plugins, &PluginsSettings::load>(
          "plugins.load", "shared libraries to load at start-up, in order"),
      booleanKey<&C::plugins, &PluginsSettings::http_allow_private_addresses>(
          "plugins.http_allow_private_addresses",
          "let plugins' outbound HTTP reach private, loopback and link-local addresses"),

      booleanKey<&C::spawn, &P::enabled>(
          "spawn.enabled",
          "let plugins start processes (the MCP stdio transport) under these rules"),
      stringListKey<&C::spawn, &P::allowed_commands>(
          "spawn.allowed_commands",
          "programs that may be started: names found on PATH at start-up, or absolute paths"),
      stringListKey<&C::spawn, &P::env_allow>(
          "spawn.env_allow",
          "host environment variables children receive; nothing else of the host's is passed"),
      stringKey<&C::spawn, &P::working_directory>(
          "spawn.working_directory", "children's working directory when the request names none"),
      integerKey<&C::spawn, &P::limits, &SpawnLimits::cpu_seconds>(
          "spawn.limits.cpu_seconds", {0, std::int64_t{86400} * 365},
          "CPU seconds per child; 0: no limit"),
      integerKey<&C::spawn, &P::limits, &SpawnLimits::memory_bytes>(
          "spawn.limits.memory_bytes", {.minimum = 0},
          "address space per child; 0: no limit (node needs several GiB of address space)"),
      integerKey<&C::spawn, &P::limits, &SpawnLimits::open_files>(
          "spawn.limits.open_files", {0, 1'048'576}, "open files per child; 0: the host's limit"),
      integerKey<&C::spawn, &P::stderr_lines_per_second>(
          "spawn.stderr_lines_per_second", {1, 100'000},
          "stderr lines logged per child per second; the rest are counted"),
      integerKey<&C::spawn, &P::stderr_max_line_bytes>(
          "spawn.stderr_max_line_bytes", {80, 1'048'576}, "longer stderr lines are cut"),

      stringKey<&C::auth, &A::jwt_secret>(
          "auth.jwt_secret", "token signing key, at least 32 bytes (use ${ENV})", {.secret = true}),
      booleanKey<&C::auth, &A::development_mode>(
          "auth.development_mode", "development only: a missing secret becomes a random one"),
      stringKey<&C::auth, &A::issuer>("auth.issuer", "the tokens' iss claim"),
      stringKey<&C::auth, &A::audience>("auth.audience", "the tokens' aud claim"),
      integerKey<&C::auth, &A::access_token_ttl_seconds>("auth.access_token_ttl_seconds",
                                                         {1, 86400}, "access token lifetime"),
      integerKey<&C::auth, &A::refresh_token_ttl_seconds>("auth.refresh_token_ttl_seconds",
                                                          {1, std::int64_t{90} * 86400},
                                                          "refresh token lifetime"),
      integerKey<&C::auth, &A::otp_ttl_seconds>("auth.otp_ttl_seconds", {1, 3600},
                                                "how long an emailed code stays valid"),
      integerKey<&C::auth, &A::otp_max_attempts>("auth.otp_max_attempts", {1, 100},
                                                 "guesses allowed per code before it dies"),
      integerKey<&C::auth, &A::session_cache_ttl_ms>(
          "auth.session_cache_ttl_ms", {0, 60000},
          "how long a session check is cached (bounds revocation delay across instances)"),

      enumKey<&C::email, &E::provider>("email.provider", {"log", "smtp"},
                                       "log (development: log + outbox folder) or smtp"),
      stringKey<&C::email, &E::from>("email.from", "sender address of outgoing mail"),
      stringKey<&C::email, &E::outbox_dir>("email.outbox_dir",
                                           "log provider: folder the messages are written to"),
      stringKey<&C::email, &E::smtp, &SmtpSettings::host>("email.smtp.host", "SMTP server"),
      integerKey<&C::email, &E::smtp, &SmtpSettings::port>("email.smtp.port", {1, 65535},
                                                           "SMTP port"),
      stringKey<&C::email, &E::smtp, &SmtpSettings::username>("email.smtp.username",
                                                              "SMTP login; empty: no AUTH"),
      stringKey<&C::email, &E::smtp, &SmtpSettings::password>(
          "email.smtp.password", "SMTP password (use ${ENV})", {.secret = true}),
      booleanKey<&C::email, &E::smtp, &SmtpSettings::starttls>(
          "email.smtp.starttls", "upgrade the connection with STARTTLS before sending"),
      integerKey<&C::email, &E::smtp, &SmtpSettings::timeout_ms>(
          "email.smtp.timeout_ms", {1, kOneHourMs}, "connect and read timeout"),

      stringKey<&C::redis, &R::url>(
          "redis.url", "redis://[:password@]host:port[/db]; empty: no Redis", {.secret = true}),
      stringKey<&C::redis, &R::key_prefix>("redis.key_prefix",
                                           "prefix of every key this host writes"),
      integerKey<&C::redis, &R::timeout_ms>("redis.timeout_ms", {1, 60000},
                                            "connect and command timeout"),
      integerKey<&C::redis, &R::pool_size>("redis.pool_size", {1, 1024},
                                           "most Redis connections open at once"),

      enumKey<&C::bus, &B::backend>(
          "bus.backend", {"auto", "in_process", "redis"},
          "where events go: redis (every instance on redis.url), in_process (this one only), "
          "auto (redis when redis.url is set)"),

      booleanKey<&C::rate_limits, &L::enabled>("rate_limits.enabled",
                                               "enforce the request budgets below"),
      integerKey<&C::rate_limits, &L::otp_request_limit>(
          "rate_limits.otp_request_limit", {1, 1'000'000}, "request-otp calls per IP per window"),
      integerKey<&C::rate_limits, &L::otp_request_window_seconds>(
          "rate_limits.otp_request_window_seconds", {1, 86400}, "request-otp window"),
      integerKey<&C::rate_limits, &L::otp_verify_limit>(
          "rate_limits.otp_verify_limit", {1, 1'000'000}, "verify-otp calls per IP per window"),
      integerKey<&C::rate_limits, &L::otp_verify_window_seconds>(
          "rate_limits.otp_verify_window_seconds", {1, 86400}, "verify-otp window"),
      integerKey<&C::rate_limits, &L::api_limit>("rate_limits.api_limit", {1, 100'000'000},
                                                 "/api requests per user per window"),
      integerKey<&C::rate_limits, &L::api_window_seconds>("rate_limits.api_window_seconds",
                                                          {1, 86400}, "/api window"),
      integerKey<&C::rate_limits, &L::ai_tools_limit>(
          "rate_limits.ai_tools_limit", {1, 100'000'000},
          "/api/v1/tools/ai/* requests per user per window"),
      integerKey<&C::rate_limits, &L::ai_tools_window_seconds>(
          "rate_limits.ai_tools_window_seconds", {1, 86400}, "/api/v1/tools/ai/* window"),
      integerKey<&C::rate_limits, &L::web_tools_limit>(
          "rate_limits.web_tools_limit", {1, 100'000'000},
          "/api/v1/tools/web/* requests per user per window"),
      integerKey<&C::rate_limits, &L::web_tools_window_seconds>(
          "rate_limits.web_tools_window_seconds", {1, 86400}, "/api/v1/tools/web/* window"),

      booleanKey<&C::runtime, &U::enabled>(
          "runtime.enabled", "run executions here (false: only queue them, for an API role)"),
      integerKey<&C::runtime, &U::max_running_executions>(
          "runtime.max_running_executions", {1, 4096},
          "executions this instance runs at once (one thread each)"),
      integerKey<&C::runtime, &U::node_threads>(
          "runtime.node_threads", {1, 4096},
          "threads for nodes that may block (HTTP, delays, third-party plugins)"),
      integerKey<&C::runtime, &U::lease_ms>(
          "runtime.lease_ms", {500, kOneHourMs},
          "how long a claimed execution stays this instance's without a heartbeat"),
      integerKey<&C::runtime, &U::heartbeat_ms>(
          "runtime.heartbeat_ms", {50, kOneHourMs},
          "lease renewal and cross-instance cancel check interval (well under lease_ms)"),
      integerKey<&C::runtime, &U::poll_interval_ms>(
          "runtime.poll_interval_ms", {10, 60000},
          "how often the shared queue is searched for claimable executions"),
      integerKey<&C::runtime, &U::retry_max>("runtime.retry_max", {0, 10},
                                             "default retries of a node's transient failure"),
      stringListKey<&C::runtime, &U::retry_delays_ms>(
          "runtime.retry_delays_ms", "default waits before retry 1, 2, 3... in ms (last repeats)"),
      integerKey<&C::runtime, &U::node_timeout_ms>("runtime.node_timeout_ms", {1, 86'400'000},
                                                   "default time limit of one node attempt"),
      integerKey<&C::runtime, &U::execution_timeout_ms>(
          "runtime.execution_timeout_ms", {1, 30LL * 86'400'000},
          "default time limit of a whole execution (settings.timeout_ms overrides)"),
      integerKey<&C::runtime, &U::max_node_output_bytes>("runtime.max_node_output_bytes",
                                                         {.minimum = kOneKibibyte},
                                                         "largest output one node may produce"),
      integerKey<&C::runtime, &U::max_execution_data_bytes>(
          "runtime.max_execution_data_bytes", {.minimum = kOneKibibyte},
          "most output bytes one execution may accumulate"),
      integerKey<&C::runtime, &U::max_foreach_items>("runtime.max_foreach_items", {1, 1'000'000},
                                                     "most items one foreach may iterate"),
      integerKey<&C::runtime, &U::max_loop_iterations>(
          "runtime.max_loop_iterations", {1, 1'000'000}, "most passes of one core.loop"),
      integerKey<&C::runtime, &U::max_queue_depth>(
          "runtime.max_queue_depth", {1, 100'000'000},
          "executions waiting here past which new ones are refused with 503"),
      enumKey<&C::runtime, &U::inline_commits>(
          "runtime.inline_commits", {"together", "each"},
          "together: inline (pure) nodes' results commit at the next durable point; each: one "
          "commit per node"),
      integerKey<&C::runtime, &U::retention_max_age_hours>(
          "runtime.retention_max_age_hours", {0, std::int64_t{100} * 365 * 24},
          "finished executions older than this are deleted; 0 keeps them"),
      integerKey<&C::runtime, &U::retention_max_executions>(
          "runtime.retention_max_executions", {.minimum = 0},
          "finished executions kept, newest first; 0: no limit"),
      integerKey<&C::runtime, &U::retention_interval_ms>(
          "runtime.retention_interval_ms", {1000, std::int64_t{7} * 86'400'000},
          "how often the retention pass (old executions, expired codes and sessions) runs"),
      booleanKey<&C::runtime, &U::cron_enabled>(
          "runtime.cron_enabled",
          "fire cron triggers here (every instance may: a database row decides who fires a tick)"),
      integerKey<&C::runtime, &U::cron_interval_ms>(
          "runtime.cron_interval_ms", {10, 60000},
          "how often cron triggers are checked for due ticks (a tick fires within this time)"),
      integerKey<&C::websocket, &WebSocketSettings::max_connections>(
          "websocket.max_connections", {1, 1'000'000},
          "WebSocket connections this instance holds (more: 503)"),
      integerKey<&C::websocket, &WebSocketSettings::max_connections_per_user>(
          "websocket.max_connections_per_user", {1, 100'000},
          "WebSocket connections per user (more: 429)"),
      integerKey<&C::websocket, &WebSocketSettings::max_message_bytes>(
          "websocket.max_message_bytes", {125, 16'777'216},
          "largest client message; larger closes with 1009"),
      integerKey<&C::websocket, &WebSocketSettings::send_queue_bytes>(
          "websocket.send_queue_bytes", {4096, 1'073'741'824},
          "unsent bytes per client before it is closed with 1013"),
      integerKey<&C::websocket, &WebSocketSettings::ping_interval_ms>(
          "websocket.ping_interval_ms", {100, kOneHourMs},
          "a silent client is pinged after this long"),
      integerKey<&C::websocket, &WebSocketSettings::pong_timeout_ms>(
          "websocket.pong_timeout_ms", {100, kOneHourMs},
          "a pinged client that stays silent this long is dropped"),
      integerKey<&C::websocket, &WebSocketSettings::close_timeout_ms>(
          "websocket.close_timeout_ms", {10, 60'000},
          "wait for the client's close frame after the host's"),
      integerKey<&C::websocket, &WebSocketSettings::resume_events>(
          "websocket.resume_events", {0, 1'000'000},
          "recent events kept per channel for ?after=SEQ"),
      integerKey<&C::websocket, &WebSocketSettings::resume_window_ms>(
          "websocket.resume_window_ms", {0, kOneHourMs},
          "how long a channel's recent events outlive its last client"),
      integerKey<&C::websocket, &WebSocketSettings::auth_recheck_ms>(
          "websocket.auth_recheck_ms", {50, kOneHourMs},
          "how often open sockets' sessions are checked (closed with 1008)"),
      integerKey<&C::websocket, &WebSocketSettings::presence_ttl_ms>(
          "websocket.presence_ttl_ms", {100, kOneHourMs},
          "a collaborator without a heartbeat this long has left"),

      stringKey<&C::observability, &ObservabilitySettings::metrics_token>(
          "observability.metrics_token",
          "when set, GET /metrics needs Authorization: Bearer <token>; empty: /metrics is public",
          {.secret = true}),
      stringKey<&C::secrets, &SecretsSettings::master_key_env>(
          "secrets.master_key_env",
          "environment variable holding the master key (base64 of 32 bytes) that seals "
          "workspace secrets; unset: the secrets store is off"),

      stringKey<&C::collaboration, &CollaborationSettings::studio_url>(
          "collaboration.studio_url",
          "the studio's base URL; invitation mails link to <studio_url>/invitations/accept"),
      integerKey<&C::collaboration, &CollaborationSettings::invitation_ttl_hours>(
          "collaboration.invitation_ttl_hours", {1, std::int64_t{24} * 90},
          "how long an invitation link works (the plan: 7 days)"),
      objectListKey<&C::ai, &AiSettings::providers>(
          "ai.providers", "AI provider instances host_ai_chat calls by id (extension + config)"),
      jsonObjectKey<&C::ai, &AiSettings::prices_json>(
          "ai.prices",
          "per model: USD per million input, output, cache_read and cache_creation tokens"),
      jsonObjectKey<&C::ai, &AiSettings::budgets_json>(
          "ai.budgets",
          "default AI budgets in USD: workspace_monthly_usd, workflow_monthly_usd, execution_usd"),

      stringKey<&C::web_tools, &WebToolsSettings::search_url>(
          "web_tools.search_url",
          "search service of POST /tools/web/search (Jina SERP shape: GET ?q=&num=)"),
      stringKey<&C::web_tools, &WebToolsSettings::reader_url>(
          "web_tools.reader_url",
          "reader service of POST /tools/web/read (Jina reader shape: GET <reader_url>/<url>)"),
      stringKey<&C::web_tools, &WebToolsSettings::api_key_secret>(
          "web_tools.api_key_secret",
          "workspace secret holding the services' key; absent: reads fetch pages directly"),
  };
}

std::vector<Field<AiProviderSpec>> makeAiProviderFields() {
  using A = AiProviderSpec;
  return {
      stringKey<&A::id>("id", "the name host_ai_chat and ai.chat nodes use", {.required = true}),
      stringKey<&A::extension>("extension", "the AI provider extension id, e.g. ai.anthropic",
                               {.required = true}),
      jsonObjectKey<&A::config_json>("config",
                                     "the provider's settings, checked against its JSON Schema"),
  };
}

std::vector<Field<PluginLoadSpec>> makePluginLoadFields() {
  using P = PluginLoadSpec;
  return {
      stringKey<&P::file>("file", "path of the plugin's shared library", {.required = true}),
      stringKey<&P::expect_id>("expect_id", "refuse the plugin unless it reports this id"),
      booleanKey<&P::required>("required", "stop start-up when this plugin fails to load"),
      stringKey<&P::sha256>("sha256", "refuse the file unless its SHA-256 (hex) matches"),
      jsonObjectKey<&P::config_json>("config",
                                     "the plugin's own settings, checked against its JSON Schema"),
  };
}

}  // namespace

template <>
std::span<const Field<Config>> fieldsOf<Config>() {
  static const std::vector<Field<Config>> fields = makeConfigFields();
  return fields;
}

template <>
std::span<const Field<PluginLoadSpec>> fieldsOf<PluginLoadSpec>() {
  static const std::vector<Field<PluginLoadSpec>> fields = makePluginLoadFields();
  return fields;
}

template <>
std::span<const Field<AiProviderSpec>> fieldsOf<AiProviderSpec>() {
  static const std::vector<Field<AiProviderSpec>> fields = makeAiProviderFields();
  return fields;
}

std::span<const KeyDescription> describeKeys() {
  static const std::vector<KeyDescription> keys = [] {
    std::vector<KeyDescription> all;
    for (const auto& field : fieldsOf<Config>()) {
      all.push_back(field.key);
      if (const auto* list = std::get_if<ObjectListTarget<Config>>(&field.target)) {
        for (KeyDescription entry_key : list->element_keys()) {
          entry_key.path = field.key.path + "[]." + entry_key.path;
          all.push_back(std::move(entry_key));
        }
      }
    }
    return all;
  }();
  return keys;
}

}  // namespace orchestra::config
