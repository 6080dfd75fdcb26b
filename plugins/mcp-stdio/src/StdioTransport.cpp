#include "StdioTransport.hpp"

#include <chrono>

namespace orchestra::plugins::mcp_stdio {

using sdk::Error;
using sdk::Json;

namespace {

constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "required": ["command"],
  "additionalProperties": false,
  "properties": {
    "command": {"type": "string", "minLength": 1,
                "description": "program to run, as the host's spawn.allowed_commands allow"},
    "args": {"type": "array", "items": {"type": "string"}, "default": []},
    "env": {"type": "object", "additionalProperties": {"type": "string"}, "secret": true,
            "description": "environment variables for the server (API keys: secret)"},
    "cwd": {"type": "string", "description": "working directory (absolute); empty: the host's"}
  }
})json";

}  // namespace

sdk::ExtensionInfo StdioTransport::describe() {
  sdk::ExtensionInfo info;
  info.id = "mcp.stdio";
  info.display_name = "MCP over stdio";
  info.description = "Runs a local MCP server (npx, uvx, node, python3 ...) as a child process.";
  info.category = sdk::Category::Integration;
  info.config_schema = kConfigSchema;
  return info;
}

StdioTransport::StdioTransport(const Json& config, const sdk::HostApi& host) : host_(host) {
  options_.command = config.stringOr("command", "");
  if (const Json* args = config.find("args")) {
    for (const Json& arg : args->asArray())
      options_.args.push_back(arg.asString());
  }
  if (const Json* env = config.find("env")) {
    for (const auto& [name, value] : env->asObject())
      options_.env.emplace_back(name, value.asString());
  }
  options_.working_directory = config.stringOr("cwd", "");
}

void StdioTransport::open(orc_exec*) {
  if (process_.running()) return;
  process_ = host_.spawnProcess(options_);
}

void StdioTransport::send(std::string_view message_json) {
  // A raw newline would split the message in two on the server's side.
  if (message_json.find('\n') != std::string_view::npos) {
    throw Error::validation("an MCP stdio message must not contain a newline");
  }
  std::string line;
  line.reserve(message_json.size() + 1);
  line.append(message_json).push_back('\n');
  process_.write(line);
}

std::optional<std::string> StdioTransport::receive(uint32_t timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    if (std::optional<std::string> line = lines_.next()) return line;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 && timeout_ms != 0) return std::nullopt;
    const std::string bytes =
        process_.read(kReadChunkBytes, static_cast<uint32_t>(std::max<int64_t>(left.count(), 0)));
    if (bytes.empty()) {
      if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      continue;
    }
    lines_.append(bytes);
  }
}

void StdioTransport::close() noexcept {
  process_.close(kCloseTimeoutMs);
}

}  // namespace orchestra::plugins::mcp_stdio
