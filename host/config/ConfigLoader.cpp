#include "host/config/ConfigLoader.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include "host/config/ConfigChecks.hpp"
#include "host/config/EnvironmentOverrides.hpp"
#include "host/config/SchemaWalker.hpp"
#include "host/config/ValueReader.hpp"

namespace orchestra::config {

namespace {

YAML::Node parseYaml(std::string_view yaml, std::string_view source_name) {
  try {
    return YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& error) {
    std::string location(source_name);
    if (!error.mark.is_null()) location += ":" + std::to_string(error.mark.line + 1);
    throw ConfigError(location + ": invalid YAML: " + error.msg);
  }
}

std::string readWholeFile(const std::filesystem::path& file) {
  std::error_code status_error;
  const auto status = std::filesystem::status(file, status_error);
  if (!std::filesystem::exists(status)) {
    throw ConfigError(file.string() + ": configuration file not found");
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw ConfigError(file.string() + ": configuration path is not a regular file");
  }
  std::ifstream stream(file, std::ios::binary);
  std::ostringstream text;
  text << stream.rdbuf();
  if (!stream.good() && !stream.eof()) {
    throw ConfigError(file.string() + ": configuration file cannot be read");
  }
  return std::move(text).str();
}

}  // namespace

Config loadConfigText(std::string_view yaml, std::string_view source_name,
                      const Environment& environment) {
  const YAML::Node root = parseYaml(yaml, source_name);
  ValueReader reader(std::string(source_name), environment);
  Config config;
  if (root.IsMap()) {
    readMap(config, root, "", reader);
  } else if (!root.IsNull()) {
    // A comment-only or empty file parses to null and means "all defaults".
    const ValueOrigin origin = reader.originOf(root, "(top level)");
    origin.fail("must be a map of sections (server, database, log, plugins), got " +
                ValueReader::describe(root, origin));
  }
  applyEnvironmentOverrides(config, environment, reader);
  checkConfig(config, reader);
  return config;
}

Config loadConfigFile(const std::filesystem::path& file, const Environment& environment) {
  return loadConfigText(readWholeFile(file), file.string(), environment);
}

Config defaultConfig() {
  return Config{};
}

}  // namespace orchestra::config
