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

struct ServerSettings {
  std::string host = "127.0.0.1";
  int port = 8000;       // 0 picks a free port (tests); the bound port is logged at start.
  int threads = 64;      // Poco keeps a connection on one thread while it is kept alive.
  int queue_size = 256;  // accepted connections waiting for a thread
  bool keep_alive = true;
  int keep_alive_timeout_ms = 5000;
  int max_keep_alive_requests = 1000;
  int request_timeout_ms = 30000;  // socket receive/send timeout while a request is read/written
  std::int64_t body_limit_bytes = std::int64_t{10} * 1024 * 1024;
  int shutdown_timeout_ms = 10000;  // how long SIGTERM waits for in-flight requests
  CorsSettings cors;

  friend bool operator==(const ServerSettings&, const ServerSettings&) = default;
};

struct DatabaseSettings {
  // sqlite:///relative/path.db, sqlite:////absolute/path.db, or
  // postgresql://user:password@host:port/dbname[?sslmode=...]
  std::string url = "sqlite:///data/orchestra.db";
  int pool_min_sessions = 1;
  int pool_max_sessions = 16;
  int busy_timeout_ms = 5000;  // SQLite: how long a writer waits for the lock
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

  friend bool operator==(const PluginsSettings&, const PluginsSettings&) = default;
};

struct Config {
  ServerSettings server;
  DatabaseSettings database;
  LogSettings log;
  PluginsSettings plugins;

  friend bool operator==(const Config&, const Config&) = default;
};

}  // namespace orchestra::config
