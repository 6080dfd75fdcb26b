#include "host/plugins/SpawnRules.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "host/config/ConfigChecks.hpp"

namespace orchestra::plugins {

namespace {

bool isExecutableFile(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
         ::access(path.c_str(), X_OK) == 0;
}

std::optional<std::string> findOnPath(const std::string& name, std::string_view path_variable) {
  std::size_t start = 0;
  while (start <= path_variable.size()) {
    const std::size_t end = std::min(path_variable.find(':', start), path_variable.size());
    const std::string_view folder = path_variable.substr(start, end - start);
    // An empty or relative PATH entry means "the current folder": never trusted here.
    if (!folder.empty() && folder.front() == '/') {
      const std::string candidate = std::string(folder) + "/" + name;
      if (isExecutableFile(candidate)) return candidate;
    }
    start = end + 1;
  }
  return std::nullopt;
}

SpawnRefusal malformed(std::string message) {
  return SpawnRefusal{false, std::move(message)};
}

}  // namespace

SpawnRules::SpawnRules(config::SpawnSettings settings, const config::Environment& host_environment)
    : settings_(std::move(settings)) {
  const std::string path_variable = host_environment.get("PATH").value_or("");
  for (const std::string& command : settings_.allowed_commands) {
    std::optional<std::string> program;
    if (command.front() == '/') {
      if (isExecutableFile(command)) program = command;
    } else {
      program = findOnPath(command, path_variable);
    }
    if (program) {
      resolved_[command] = *program;
    } else {
      unresolved_.push_back(command);
    }
  }
  for (const std::string& name : settings_.env_allow) {
    if (const auto value = host_environment.get(name)) {
      passed_environment_.push_back(name + "=" + *value);
    }
  }
}

std::variant<SpawnPlan, SpawnRefusal> SpawnRules::plan(const SpawnRequest& request) const {
  if (!settings_.enabled) return SpawnRefusal{true, "spawning processes is off in this host"};
  std::string program;
  if (const auto found = resolved_.find(request.command); found != resolved_.end()) {
    program = found->second;
  } else if (!request.command.empty() && request.command.front() == '/') {
    // An absolute path is allowed when it is what an allowed command resolved to.
    for (const auto& [name, path] : resolved_) {
      if (path == request.command) program = path;
    }
  }
  if (program.empty()) {
    const bool known =
        std::find(settings_.allowed_commands.begin(), settings_.allowed_commands.end(),
                  request.command) != settings_.allowed_commands.end();
    return SpawnRefusal{
        true, known ? "command \"" + request.command +
                          "\" is allowed but was not found on the host's PATH"
                    : "command \"" + request.command + "\" is not in spawn.allowed_commands"};
  }
  SpawnPlan plan;
  plan.program = program;
  plan.argv.push_back(request.command);
  plan.argv.insert(plan.argv.end(), request.args.begin(), request.args.end());
  std::map<std::string, std::string> environment;
  for (const std::string& entry : passed_environment_) {
    const std::size_t equals = entry.find('=');
    environment[entry.substr(0, equals)] = entry.substr(equals + 1);
  }
  for (const auto& [name, value] : request.env)
    environment[name] = value;
  for (const auto& [name, value] : environment) {
    std::string entry = name;
    entry.append("=").append(value);
    plan.envp.push_back(std::move(entry));
  }
  plan.working_directory =
      request.working_directory.empty() ? settings_.working_directory : request.working_directory;
  if (!plan.working_directory.empty() && plan.working_directory.front() != '/') {
    return malformed("working_directory must be an absolute path");
  }
  plan.limits = settings_.limits;
  return plan;
}

std::variant<SpawnRequest, SpawnRefusal> SpawnRules::parseRequest(
    std::string_view command, std::string_view args_json, std::string_view env_json,
    std::string_view working_directory) {
  SpawnRequest request;
  request.command = std::string(command);
  request.working_directory = std::string(working_directory);
  if (request.command.empty()) return malformed("command is empty");
  auto hasNul = [](std::string_view text) { return text.find('\0') != std::string_view::npos; };
  if (hasNul(request.command) || hasNul(request.working_directory)) {
    return malformed("command and working_directory must not contain NUL");
  }
  try {
    Poco::JSON::Parser parser;
    if (!args_json.empty()) {
      const auto args = parser.parse(std::string(args_json)).extract<Poco::JSON::Array::Ptr>();
      for (std::size_t i = 0; i < args->size(); ++i) {
        const Poco::Dynamic::Var arg = args->get(static_cast<unsigned>(i));
        if (!arg.isString()) return malformed("args_json must be an array of strings");
        request.args.push_back(arg.extract<std::string>());
        if (hasNul(request.args.back())) return malformed("an argument contains NUL");
      }
    }
    if (!env_json.empty()) {
      parser.reset();
      const auto env = parser.parse(std::string(env_json)).extract<Poco::JSON::Object::Ptr>();
      for (const auto& [name, value] : *env) {
        if (!config::isEnvironmentName(name)) {
          return malformed("env_json: \"" + name + "\" is not an environment variable name");
        }
        if (!value.isString())
          return malformed("env_json: the value of " + name + " is not a string");
        request.env[name] = value.extract<std::string>();
        if (hasNul(request.env[name])) return malformed("env_json: a value contains NUL");
      }
    }
  } catch (const Poco::Exception& error) {
    return malformed(R"(args_json must be ["arg", ...] and env_json {"NAME": "value"}: )" +
                     error.message());
  }
  return request;
}

}  // namespace orchestra::plugins
