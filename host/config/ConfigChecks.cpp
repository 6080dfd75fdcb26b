#include "host/config/ConfigChecks.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace orchestra::config {

namespace {

void checkCors(const CorsSettings& cors, const ValueReader& reader) {
  const bool any_origin = std::find(cors.allowed_origins.begin(), cors.allowed_origins.end(),
                                    "*") != cors.allowed_origins.end();
  // Browsers refuse credentialed responses to a wildcard origin; echoing any origin instead
  // would let every site act as the logged-in user.
  if (any_origin && cors.allow_credentials) {
    reader.whereSet("server.cors.allow_credentials")
        .fail("cannot be true while server.cors.allowed_origins contains \"*\"");
  }
}

void checkDatabase(const DatabaseSettings& database, const ValueReader& reader) {
  const std::string_view url = database.url;
  const bool sqlite = url.starts_with("sqlite://");
  if (!sqlite && !url.starts_with("postgresql://") && !url.starts_with("postgres://")) {
    reader.whereSet("database.url").fail("must start with sqlite://, postgresql:// or postgres://");
  }
  // "sqlite://" + "/relative.db": a third slash at least, then a file name.
  if (sqlite && url.size() <= std::string_view("sqlite:///").size()) {
    reader.whereSet("database.url").fail("names no database file (sqlite:///data/orchestra.db)");
  }
  if (database.pool_min_sessions > database.pool_max_sessions) {
    reader.whereSet("database.pool_min_sessions")
        .fail("must not exceed database.pool_max_sessions (" +
              std::to_string(database.pool_max_sessions) + "), got " +
              std::to_string(database.pool_min_sessions));
  }
}

bool isSha256Hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](unsigned char character) {
           return std::isxdigit(character) != 0;
         });
}

void checkPlugins(const PluginsSettings& plugins, const ValueReader& reader) {
  for (std::size_t index = 0; index < plugins.load.size(); ++index) {
    const PluginLoadSpec& spec = plugins.load[index];
    const std::string entry = "plugins.load[" + std::to_string(index) + "]";
    if (spec.file.empty()) reader.whereSet(entry + ".file").fail("must not be empty");
    if (!spec.sha256.empty() && !isSha256Hex(spec.sha256)) {
      reader.whereSet(entry + ".sha256").fail("must be 64 hexadecimal digits");
    }
  }
}

void checkBus(const Config& config, const ValueReader& reader) {
  if (config.bus.backend == "redis" && config.redis.url.empty()) {
    reader.whereSet("bus.backend").fail("is redis but redis.url is empty");
  }
}

void checkSpawn(const SpawnSettings& spawn, const ValueReader& reader) {
  // A relative path with a slash would resolve against whatever the working directory is at
  // spawn time: the rule would not say which program runs.
  for (const std::string& command : spawn.allowed_commands) {
    if (command.empty() || (command.find('/') != std::string::npos && command.front() != '/')) {
      reader.whereSet("spawn.allowed_commands")
          .fail("each entry is a program name or an absolute path, got \"" + command + "\"");
    }
  }
  for (const std::string& name : spawn.env_allow) {
    if (!isEnvironmentName(name)) {
      reader.whereSet("spawn.env_allow")
          .fail("each entry is an environment variable name, got \"" + name + "\"");
    }
  }
  if (!spawn.working_directory.empty() && spawn.working_directory.front() != '/') {
    reader.whereSet("spawn.working_directory").fail("must be an absolute path");
  }
}

}  // namespace

bool isEnvironmentName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())) != 0) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char character) {
    return std::isalnum(character) != 0 || character == '_';
  });
}

void checkConfig(const Config& config, const ValueReader& reader) {
  checkCors(config.server.cors, reader);
  checkDatabase(config.database, reader);
  checkPlugins(config.plugins, reader);
  checkBus(config, reader);
  checkSpawn(config.spawn, reader);
}

}  // namespace orchestra::config
