#include "McpToolNode.hpp"

namespace orchestra::plugins::mcp_tools {

using sdk::Error;
using sdk::Json;

namespace {

struct Settings {
  std::string server;
  std::string tool;
  Json arguments = Json::object();
};

// On create a value may still be an {{ expression }}: only what is already known is checked.
Settings readSettings(const Json& config) {
  if (!config.isObject()) throw Error::validation("config must be an object");
  Settings settings;
  const Json* server = config.find("server");
  const Json* tool = config.find("tool");
  if (server == nullptr || !server->isString() || server->asString().empty()) {
    throw Error::validation("config.server (the MCP server's id) is required");
  }
  if (tool == nullptr || !tool->isString() || tool->asString().empty()) {
    throw Error::validation("config.tool (the tool's name) is required");
  }
  settings.server = server->asString();
  settings.tool = tool->asString();
  if (const Json* arguments = config.find("arguments"); arguments != nullptr) {
    if (!arguments->isObject()) throw Error::validation("config.arguments must be an object");
    settings.arguments = *arguments;
  }
  return settings;
}

}  // namespace

sdk::ExtensionInfo McpToolNode::describe() {
  sdk::ExtensionInfo info;
  info.id = "mcp.tool";
  info.display_name = "MCP Tool";
  info.description =
      "Calls a tool of an MCP server of this workspace. Arguments may use expressions; when the "
      "workflow is saved they are checked against the tool's input schema, if the server's "
      "tools are known.";
  info.category = sdk::Category::Integration;
  info.config_schema =
      R"({"type":"object","properties":{)"
      R"("server":{"type":"string","minLength":1,"maxLength":100,)"
      R"("description":"The MCP server's id, from /api/v1/mcp/servers"},)"
      R"("tool":{"type":"string","minLength":1,"maxLength":256,"description":"The tool's name"},)"
      R"("arguments":{"type":"object","default":{},)"
      R"("description":"The tool's arguments, as its inputSchema says"}},)"
      R"("required":["server","tool"],"additionalProperties":false})";
  info.inputs = {{"main"}};
  info.outputs = {{"main"}};
  return info;
}

McpToolNode::McpToolNode(const Json& config) {
  readSettings(config);
}

std::string McpToolNode::contentText(const Json& result) {
  std::string text;
  const Json* content = result.find("content");
  if (content == nullptr || !content->isArray()) return text;
  for (const Json& part : content->asArray()) {
    if (!part.isObject() || part.stringOr("type", "") != "text") continue;
    if (!text.empty()) text += '\n';
    text += part.stringOr("text", "");
  }
  return text;
}

sdk::NodeResult McpToolNode::execute(sdk::NodeContext& context) const {
  const Settings settings = readSettings(context.config());
  // Transport trouble comes back as a transient Error, a refusal (unknown server, another
  // workspace's) as a permanent one: the host classified them.
  const sdk::HostCallResult called =
      context.mcpCallTool(settings.server, settings.tool, settings.arguments);
  Json result = Json::parse(called.data);
  if (!result.isObject()) throw Error::permanent("the MCP server's tool result is not an object");
  const std::string text = contentText(result);
  const Json* is_error = result.find("isError");
  if (is_error != nullptr && is_error->isBool() && is_error->asBool()) {
    // The tool ran and said no: the same arguments would fail the same way.
    throw Error::permanent("MCP tool " + settings.tool +
                           " failed: " + (text.empty() ? std::string("(no message)") : text));
  }
  result["text"] = Json(text);
  return sdk::NodeResult::on("main", result);
}

}  // namespace orchestra::plugins::mcp_tools
