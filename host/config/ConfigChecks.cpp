#include "host/config/ConfigChecks.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
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

// ---- ai: ----
bool isProviderId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '_' || c == '-' || c == '.';
  });
}

Poco::JSON::Object::Ptr jsonObject(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

// Every value a number >= 0 (what prices and budgets are), under the keys `allowed` (any key
// when empty).
void checkAmounts(const Poco::JSON::Object& object, const std::string& key_path,
                  const std::string& label, const std::set<std::string>& allowed,
                  const ValueReader& reader) {
  for (const auto& [key, value] : object) {
    if (!allowed.empty() && allowed.count(key) == 0) {
      std::string names;
      for (const auto& name : allowed) {
        if (!names.empty()) names += ", ";
        names += name;
      }
      std::string message = label;
      message += "has an unknown key \"" + key + "\" (known: ";
      message += names;
      message += ")";
      reader.whereSet(key_path).fail(message);
    }
    if (!value.isNumeric() || value.convert<double>() < 0) {
      reader.whereSet(key_path).fail(label + key + " must be a number >= 0");
    }
  }
}

void checkAi(const AiSettings& ai, const ValueReader& reader) {
  std::set<std::string> ids;
  for (std::size_t index = 0; index < ai.providers.size(); ++index) {
    const AiProviderSpec& spec = ai.providers[index];
    const std::string entry = "ai.providers[" + std::to_string(index) + "]";
    if (!isProviderId(spec.id)) {
      reader.whereSet(entry + ".id").fail("must be 1-64 letters, digits, '.', '_' or '-'");
    }
    if (!ids.insert(spec.id).second) {
      reader.whereSet(entry + ".id").fail("\"" + spec.id + "\" is declared twice");
    }
    if (spec.extension.empty()) reader.whereSet(entry + ".extension").fail("must not be empty");
  }
  const auto prices = jsonObject(ai.prices_json);
  for (const auto& [model, value] : *prices) {
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
      reader.whereSet("ai.prices").fail("." + model + " must be a map of prices");
    }
    checkAmounts(*value.extract<Poco::JSON::Object::Ptr>(), "ai.prices", model + ": ",
                 {"input", "output", "cache_read", "cache_creation", "image"}, reader);
  }
  checkAmounts(*jsonObject(ai.budgets_json), "ai.budgets", "",
               {"workspace_monthly_usd", "workflow_monthly_usd", "execution_usd"}, reader);
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

// The web tools' services are called with the workspace's key: a URL that is not http(s)
// would fail every call, so it stops start-up instead.
void checkWebTools(const WebToolsSettings& web_tools, const ValueReader& reader) {
  const std::array<std::pair<const char*, const std::string*>, 2> urls = {
      {{"web_tools.search_url", &web_tools.search_url},
       {"web_tools.reader_url", &web_tools.reader_url}}};
  for (const auto& [key, url] : urls) {
    const std::string_view text = *url;
    const std::size_t scheme = text.starts_with("https://")  ? 8
                               : text.starts_with("http://") ? 7
                                                             : 0;
    if (scheme == 0 || text.size() == scheme) {
      reader.whereSet(key).fail("must be an http:// or https:// URL");
    }
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
  checkAi(config.ai, reader);
  checkWebTools(config.web_tools, reader);
}

}  // namespace orchestra::config
