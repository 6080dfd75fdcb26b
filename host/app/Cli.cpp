#include "host/app/Cli.hpp"

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "host/api/PluginsApi.hpp"
#include "host/app/MigrateCommand.hpp"
#include "host/app/OrchestraServer.hpp"
#include "host/app/PluginSubsystem.hpp"
#include "host/app/PluginTable.hpp"
#include "host/app/RunCommand.hpp"
#include "host/app/SecretsCommand.hpp"
#include "host/config/ConfigError.hpp"
#include "host/config/ConfigLoader.hpp"
#include "host/observability/Logger.hpp"

namespace orchestra::app {

namespace {

constexpr int kExitUsage = 64;     // EX_USAGE
constexpr int kExitSoftware = 70;  // EX_SOFTWARE
constexpr int kExitConfig = 78;    // EX_CONFIG
constexpr const char* kDefaultConfigPath = "config/orchestra.yaml";

constexpr const char* kUsage =
    "usage: orchestra <command> [options]\n"
    "\n"
    "commands:\n"
    "  serve [--config FILE]     run the host (HTTP API, runtime) until SIGTERM/SIGINT\n"
    "  migrate [--config FILE]   apply pending database migrations and exit\n"
    "  config check FILE         validate a configuration file and exit\n"
    "  plugins list [--config FILE] [--json]\n"
    "                            load the configured plugins and list them with their state\n"
    "  run WORKFLOW.json [--input JSON] [--config FILE]\n"
    "                            run an exported workflow once, without a server: one line\n"
    "                            per node change, then the output as JSON; exits 0 completed,\n"
    "                            1 failed or cancelled, 2 bad file, graph or --input. The\n"
    "                            database is a temporary SQLite file, unless FILE names\n"
    "                            another than the default (data/orchestra.db)\n"
    "  secrets rotate-master-key [--config FILE]\n"
    "                            re-wrap every workspace's secrets key from the master key in\n"
    "                            ORCHESTRA_MASTER_KEY (secrets.master_key_env) to the one in\n"
    "                            ORCHESTRA_MASTER_KEY_NEW, in one transaction\n"
    "  version                   print the version\n"
    "  help                      print this text\n"
    "\n"
    "FILE defaults to config/orchestra.yaml; ORCHESTRA_* environment variables override keys\n"
    "(e.g. ORCHESTRA_DATABASE_URL for database.url).\n";

struct ParsedArgs {
  std::vector<std::string> positional;
  std::optional<std::string> config_path;
  std::optional<std::string> input_json;
  bool json = false;
};

std::optional<ParsedArgs> parseArgs(int argc, char** argv) {
  ParsedArgs parsed;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--config" || arg == "-c") {
      if (i + 1 >= argc) return std::nullopt;
      parsed.config_path = argv[++i];
    } else if (arg.rfind("--config=", 0) == 0) {
      parsed.config_path = arg.substr(9);
    } else if (arg == "--input") {
      if (i + 1 >= argc) return std::nullopt;
      parsed.input_json = argv[++i];
    } else if (arg.rfind("--input=", 0) == 0) {
      parsed.input_json = arg.substr(8);
    } else if (arg == "--json") {
      parsed.json = true;
    } else if (arg == "--help" || arg == "-h") {
      parsed.positional = {"help"};
      return parsed;
    } else if (!arg.empty() && arg.front() == '-') {
      return std::nullopt;
    } else {
      parsed.positional.push_back(arg);
    }
  }
  return parsed;
}

// Loads the configuration or prints the one-line reason; exits are the caller's.
std::optional<config::Config> loadConfig(const std::string& path) {
  try {
    return config::loadConfigFile(path, config::Environment::fromProcess());
  } catch (const config::ConfigError& error) {
    std::cerr << "orchestra: " << error.what() << '\n';
    return std::nullopt;
  }
}

void applyLogSettings(const config::Config& config) {
  if (const auto level = observability::parseLogLevel(config.log.level)) {
    observability::setLogLevel(*level);
  }
}

int serve(const std::string& config_path) {
  auto config = loadConfig(config_path);
  if (!config) return kExitConfig;
  applyLogSettings(*config);
  OrchestraServer server(std::move(*config));
  return server.run(std::vector<std::string>{"orchestra"});
}

int migrate(const std::string& config_path) {
  auto config = loadConfig(config_path);
  if (!config) return kExitConfig;
  applyLogSettings(*config);
  return runMigrateCommand(*config);
}

int listPlugins(const std::string& config_path, bool as_json) {
  auto config = loadConfig(config_path);
  if (!config) return kExitConfig;
  applyLogSettings(*config);
  LoadedPlugins loaded;
  std::string required_failure;
  try {
    loadPlugins(*config, loaded);
  } catch (const plugins::PluginLoadError& error) {
    required_failure = error.what();
  }
  if (as_json) {
    std::cout << api::pluginsDocument(*loaded.registry, api::PluginListAudience::kOperator) << '\n';
  } else {
    printPluginTable(*loaded.registry, std::cout);
  }
  if (loaded.loader) loaded.loader->shutdownAll();
  if (!required_failure.empty()) {
    std::cerr << "orchestra: " << required_failure << '\n';
    return kExitSoftware;
  }
  return 0;
}

int rotateMasterKey(const std::string& config_path) {
  auto config = loadConfig(config_path);
  if (!config) return kExitConfig;
  applyLogSettings(*config);
  return runRotateMasterKeyCommand(*config);
}

int runWorkflow(const std::string& config_path, const RunOptions& options) {
  auto config = loadConfig(config_path);
  if (!config) return kExitConfig;
  return runWorkflowFile(*config, options);
}

int checkConfig(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    std::cerr << "orchestra: " << path << ": no such file\n";
    return kExitConfig;
  }
  if (!loadConfig(path)) return kExitConfig;
  std::cout << path << ": configuration is valid\n";
  return 0;
}

}  // namespace

int runCli(int argc, char** argv) {
  const auto parsed = parseArgs(argc, argv);
  if (!parsed || parsed->positional.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::vector<std::string>& words = parsed->positional;
  const std::string config_path = parsed->config_path.value_or(kDefaultConfigPath);
  const std::string& command = words[0];

  if (command == "serve" && words.size() == 1) return serve(config_path);
  if (command == "migrate" && words.size() == 1) return migrate(config_path);
  if (command == "config" && words.size() == 3 && words[1] == "check") return checkConfig(words[2]);
  if (command == "plugins" && words.size() == 2 && words[1] == "list") {
    return listPlugins(config_path, parsed->json);
  }
  if (command == "secrets" && words.size() == 2 && words[1] == "rotate-master-key") {
    return rotateMasterKey(config_path);
  }
  if (command == "run") {
    if (words.size() == 2)
      return runWorkflow(config_path, RunOptions{words[1], parsed->input_json});
    std::cerr << "usage: orchestra run WORKFLOW.json [--input JSON] [--config FILE]\n";
    return kRunRefused;
  }
  if (parsed->input_json) {
    std::cerr << "orchestra: --input belongs to `orchestra run`\n" << kUsage;
    return kExitUsage;
  }
  if (command == "version" && words.size() == 1) {
    std::cout << "orchestra " << ORCHESTRA_VERSION << '\n';
    return 0;
  }
  if (command == "help" && words.size() == 1) {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << "orchestra: unknown command '";
  for (std::size_t i = 0; i < words.size(); ++i)
    std::cerr << (i ? " " : "") << words[i];
  std::cerr << "'\n" << kUsage;
  return kExitUsage;
}

}  // namespace orchestra::app
