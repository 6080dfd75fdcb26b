#include "AiAgentNode.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

namespace orchestra::plugins::ai_tools {

using sdk::Error;
using sdk::Json;

namespace {

constexpr int kMaxDepth = 3;                     // an agent, its sub-agents, theirs
constexpr std::size_t kMaxConversations = 1024;  // remembered across every agent node
constexpr std::size_t kMaxToolResultBytes =
    std::size_t{64} * 1024;  // what one tool result may put back

constexpr const char* kAgentProperties =
    R"("provider":{"type":"string","minLength":1,"description":"an id of the host's ai.providers"},)"
    R"("model":{"type":"string"},)"
    R"("system_prompt":{"type":"string"},)"
    R"("temperature":{"type":"number","minimum":0,"maximum":2},)"
    R"("max_tokens":{"type":"integer","minimum":1,"maximum":1000000},)"
    R"("max_iterations":{"type":"integer","minimum":1,"maximum":50},)"
    R"("tools":{"type":"array","maxItems":64,"items":{"type":"object","properties":{)"
    R"("type":{"type":"string","enum":["mcp","agent","node"]},)"
    R"("server":{"type":"string","description":"mcp: the MCP server's id"},)"
    R"("tool":{"type":"string","description":"mcp: one tool, or every tool when absent"},)"
    R"("node_type":{"type":"string","description":"node: the node type's id, e.g. web.search"},)"
    R"("config":{"type":"object","description":"node: config the model cannot change"},)"
    R"("name":{"type":"string","maxLength":64},)"
    R"("description":{"type":"string"},)"
    R"("agent":{"type":"object","description":"agent: the sub-agent, configured as this one"}},)"
    R"("required":["type"]}})";

std::string textOf(const Json& message) {
  if (const Json* content = message.find("content"); content != nullptr && content->isString()) {
    return content->asString();
  }
  return {};
}

// What one tool result may put back into the conversation.
std::string truncatedResult(std::string text) {
  if (text.size() > kMaxToolResultBytes) {
    text.resize(kMaxToolResultBytes);
    text += "\n[truncated]";
  }
  return text;
}

// A node tool's answer as the model reads it: its main port, or all its ports when it emitted
// on others (a branch taken, an error port).
std::string nodeResultText(const Json& ports) {
  const Json* main = ports.isObject() ? ports.find("main") : nullptr;
  if (main != nullptr && ports.asObject().size() == 1) return truncatedResult(main->dump());
  return truncatedResult(ports.dump());
}

// Refuses a node tool whose type the host cannot run as one, when the node is created.
void checkNodeTool(const Json& entry, const sdk::HostApi& host) {
  const std::string node_type = entry.stringOr("node_type", "");
  if (node_type.empty()) {
    throw Error::validation("a node tool needs its node type (tools[].node_type)");
  }
  if (host.raw().host_describe_node_type == nullptr || host.raw().host_run_node == nullptr) {
    throw Error::validation("this host cannot run node types as tools (it predates ABI 1.3)");
  }
  Json described;
  try {
    described = host.describeNodeType(node_type);
  } catch (const Error& error) {
    if (error.status() != ORC_ERR_NOT_FOUND) throw;
    throw Error::validation("tools[].node_type: no node type \"" + node_type +
                            "\" is loaded in this host");
  }
  if (described.stringOr("category", "") == "trigger") {
    throw Error::validation("tools[].node_type: \"" + node_type +
                            "\" is a trigger, which starts workflows and cannot be a tool");
  }
  if (const Json* fixed = entry.find("config"); fixed != nullptr && !fixed->isObject()) {
    throw Error::validation("tools[].config must be an object");
  }
}

// The text blocks of an MCP tool result, one per line; other blocks named by their type.
std::string mcpResultText(const Json& result) {
  std::string text;
  if (const Json* content = result.find("content"); content != nullptr && content->isArray()) {
    for (const Json& block : content->asArray()) {
      if (!text.empty()) text += '\n';
      const std::string type = block.isObject() ? block.stringOr("type", "") : "";
      text += type == "text" ? block.stringOr("text", "") : "[" + type + " content]";
    }
  }
  return truncatedResult(std::move(text));
}

Json subAgentParameters() {
  return Json::parse(
      R"({"type":"object","properties":{"task":{"type":"string","description":)"
      R"("what the sub-agent should do, with everything it needs to know"}},"required":["task"]})");
}

}  // namespace

std::string modelToolName(std::string_view wanted, const std::vector<AgentTool>& taken) {
  std::string name;
  for (const char c : wanted) {
    const bool fits = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
    name += fits ? c : '_';
  }
  if (name.empty()) name = "tool";
  name.resize(std::min<std::size_t>(name.size(), 56));
  const auto used = [&](const std::string& candidate) {
    return std::any_of(taken.begin(), taken.end(),
                       [&](const AgentTool& tool) { return tool.name == candidate; });
  };
  std::string unique = name;
  for (int suffix = 2; used(unique); ++suffix)
    unique = name + "_" + std::to_string(suffix);
  return unique;
}

AgentTool nodeTool(const Json& entry, const Json& described, const std::vector<AgentTool>& taken) {
  AgentTool tool;
  tool.kind = AgentTool::Kind::Node;
  tool.node_type = entry.stringOr("node_type", "");
  const Json* fixed = entry.find("config");
  tool.fixed_config = fixed != nullptr && fixed->isObject() ? *fixed : Json::object();
  tool.name = modelToolName(entry.stringOr("name", tool.node_type), taken);
  tool.description = entry.stringOr("description", described.stringOr("description", ""));
  const Json* schema = described.find("config_schema");
  Json parameters = schema != nullptr && schema->isObject() ? *schema : Json::object();
  // The model fills what is left: fixed properties are neither offered nor required.
  if (const Json* properties = parameters.find("properties");
      properties != nullptr && properties->isObject()) {
    Json::Object kept;
    for (const auto& [name, property] : properties->asObject()) {
      if (tool.fixed_config.find(name) == nullptr) kept.emplace(name, property);
    }
    parameters["properties"] = Json(std::move(kept));
  }
  if (const Json* required = parameters.find("required");
      required != nullptr && required->isArray()) {
    Json still = Json::array();
    for (const Json& name : required->asArray()) {
      if (!name.isString() || tool.fixed_config.find(name.asString()) == nullptr) still.push(name);
    }
    parameters["required"] = std::move(still);
  }
  parameters["type"] = Json("object");  // what every provider wants of a tool's parameters
  tool.parameters = std::move(parameters);
  return tool;
}

Json AgentUsage::toJson() const {
  return Json(Json::Object{{"input_tokens", Json(input_tokens)},
                           {"output_tokens", Json(output_tokens)},
                           {"cached_input_tokens", Json(cached_input_tokens)},
                           {"cache_creation_input_tokens", Json(cache_creation_input_tokens)},
                           {"model_calls", Json(model_calls)}});
}

struct AiAgentNode::Run {
  sdk::NodeContext& context;
  std::string default_provider;
  bool streaming = true;
  AgentUsage usage;
  Json tool_calls = Json::array();  // every call of every agent, in order
  uint64_t iterations = 0;          // model calls of the top agent
};

sdk::ExtensionInfo AiAgentNode::describe() {
  sdk::ExtensionInfo info;
  info.id = "ai.agent";
  info.display_name = "AI Agent";
  info.description =
      "An agent: asks an AI provider, runs the tools the model calls (node types, MCP tools, "
      "sub-agents), and repeats until the model is done; the answer streams live and every "
      "call's tokens are counted.";
  info.category = sdk::Category::Agent;
  info.config_schema = std::string(R"({"type":"object","properties":{)") + kAgentProperties +
                       R"(,"prompt":{"type":"string","description":"the task, with expressions"},)"
                       R"("memory":{"type":"object","properties":{"enabled":{"type":"boolean"},)"
                       R"("max_messages":{"type":"integer","minimum":1,"maximum":1000}}},)"
                       R"("stream":{"type":"boolean","default":true}},)"
                       R"("required":["provider","prompt"],"additionalProperties":false})";
  info.inputs = {{"main", ORC_PORT_OPTIONAL}};
  info.outputs = {{"main"}};
  info.flags = ORC_EXTENSION_SIDE_EFFECTS;
  return info;
}

AiAgentNode::AiAgentNode(const Json& config, const sdk::HostApi& host) {
  if (config.stringOr("provider", "").empty()) {
    throw Error::validation("config.provider is required");
  }
  // Sub-agents nest at most kMaxDepth deep: refused when the workflow is saved, not mid-run.
  const auto check = [&host](const auto& self, const Json& agent, int depth) -> void {
    const Json* tools = agent.find("tools");
    if (tools == nullptr || !tools->isArray()) return;
    for (const Json& tool : tools->asArray()) {
      const std::string type = tool.stringOr("type", "");
      if (type == "mcp" && tool.stringOr("server", "").empty()) {
        throw Error::validation("an mcp tool needs its server's id (tools[].server)");
      }
      if (type == "node") checkNodeTool(tool, host);
      if (type != "agent") continue;
      const Json* sub = tool.find("agent");
      if (sub == nullptr || !sub->isObject()) {
        throw Error::validation("an agent tool needs its agent (tools[].agent)");
      }
      if (tool.stringOr("name", "").empty()) {
        throw Error::validation("an agent tool needs a name (tools[].name)");
      }
      if (depth + 1 >= kMaxDepth) {
        throw Error::validation("sub-agents nest at most " + std::to_string(kMaxDepth) +
                                " levels deep");
      }
      self(self, *sub, depth + 1);
    }
  };
  check(check, config, 0);
}

std::vector<AgentTool> AiAgentNode::toolsOf(Run& run, const Json& agent) const {
  std::vector<AgentTool> tools;
  const Json* listed = agent.find("tools");
  if (listed == nullptr || !listed->isArray()) return tools;
  for (const Json& entry : listed->asArray()) {
    if (entry.stringOr("type", "") == "node") {
      tools.push_back(nodeTool(
          entry, run.context.host().describeNodeType(entry.stringOr("node_type", "")), tools));
      continue;
    }
    if (entry.stringOr("type", "") == "agent") {
      AgentTool tool;
      tool.kind = AgentTool::Kind::SubAgent;
      tool.name = modelToolName(entry.stringOr("name", "agent"), tools);
      tool.description = entry.stringOr("description", "A sub-agent: give it a task.");
      tool.parameters = subAgentParameters();
      tool.agent = *entry.find("agent");
      tools.push_back(std::move(tool));
      continue;
    }
    const std::string server = entry.stringOr("server", "");
    const std::string wanted = entry.stringOr("tool", "");
    const Json listing = Json::parse(run.context.mcpListTools(server).data);
    const Json* offered = listing.find("tools");
    bool found = false;
    for (const Json& candidate :
         offered != nullptr && offered->isArray() ? offered->asArray() : Json::Array{}) {
      const std::string name = candidate.stringOr("name", "");
      if (!wanted.empty() && name != wanted) continue;
      found = true;
      AgentTool tool;
      tool.server_id = server;
      tool.tool = name;
      const std::string shown = wanted.empty() ? name : entry.stringOr("name", name);
      tool.name = modelToolName(shown, tools);
      tool.description = wanted.empty()
                             ? candidate.stringOr("description", "")
                             : entry.stringOr("description", candidate.stringOr("description", ""));
      const Json* schema = candidate.find("inputSchema");
      tool.parameters = schema != nullptr && schema->isObject() ? *schema : Json::object();
      tools.push_back(std::move(tool));
    }
    if (!found && !wanted.empty()) {
      std::string problem = "MCP server " + server;
      problem += " has no tool named " + wanted;
      throw Error::validation(problem);
    }
  }
  return tools;
}

std::string AiAgentNode::callTool(Run& run, const AgentTool& tool, const Json& arguments,
                                  bool* is_error, int depth) const {
  *is_error = false;
  if (tool.kind == AgentTool::Kind::SubAgent) {
    const std::string task = arguments.isObject() ? arguments.stringOr("task", "") : "";
    Json messages = Json::array();
    messages.push(Json(Json::Object{{"role", Json("user")}, {"content", Json(task)}}));
    const Json answer = runAgent(run, tool.agent, std::move(messages), depth + 1);
    return answer.stringOr("text", "");
  }
  if (tool.kind == AgentTool::Kind::Node) {
    // The model's arguments are the config, under what the entry fixes; and the input too, for
    // node types that read their input rather than their config.
    Json config = arguments.isObject() ? arguments : Json::object();
    for (const auto& [name, value] : tool.fixed_config.asObject())
      config[name] = value;
    try {
      return nodeResultText(
          run.context.runNode(tool.node_type, config, Json(Json::Object{{"main", arguments}})));
    } catch (const Error& error) {
      // The model may adapt to a failure (other arguments, another tool); not to a cancel.
      if (error.status() == ORC_ERR_CANCELLED || run.context.isCancelled()) throw;
      *is_error = true;
      return truncatedResult(error.what());
    }
  }
  const Json result =
      Json::parse(run.context.mcpCallTool(tool.server_id, tool.tool, arguments).data);
  const Json* flagged = result.find("isError");
  *is_error = flagged != nullptr && flagged->isBool() && flagged->asBool();
  return mcpResultText(result);
}

Json AiAgentNode::runAgent(Run& run, const Json& agent, Json messages, int depth) const {
  const std::string provider = agent.stringOr("provider", run.default_provider);
  const std::vector<AgentTool> tools = toolsOf(run, agent);
  const Json* limit = agent.find("max_iterations");
  const int64_t max_iterations = limit != nullptr && limit->isInteger() ? limit->asInt() : 8;

  Json request = Json::object();
  for (const char* key : {"model", "temperature", "max_tokens"}) {
    if (const Json* value = agent.find(key); value != nullptr && !value->isNull()) {
      if (!(value->isString() && value->asString().empty())) request[key] = *value;
    }
  }
  if (const std::string system = agent.stringOr("system_prompt", ""); !system.empty()) {
    request["system"] = Json(system);
  }
  if (!tools.empty()) {
    Json offered = Json::array();
    for (const AgentTool& tool : tools) {
      offered.push(Json(Json::Object{{"name", Json(tool.name)},
                                     {"description", Json(tool.description)},
                                     {"parameters", tool.parameters}}));
    }
    request["tools"] = std::move(offered);
  }

  sdk::ChunkSink on_chunk;
  if (run.streaming) {
    on_chunk = [&run, depth](std::string_view chunk_json) {
      run.context.throwIfCancelled();
      const Json chunk = Json::parse(chunk_json);
      if (chunk.stringOr("type", "") != "text") return;
      // Sub-agents' text is marked, so the studio can tell it from the answer.
      run.context.emitProgress(chunk.stringOr("text", ""), std::nullopt,
                               Json(Json::Object{{"type", Json("text")}, {"depth", Json(depth)}}));
    };
  }

  std::string finish_reason = "max_iterations";
  std::string text;
  for (int64_t iteration = 0; iteration < max_iterations; ++iteration) {
    run.context.throwIfCancelled();
    request["messages"] = messages;
    const sdk::HostCallResult answer =
        run.context.host().aiChat(provider, request, run.context.exec(), on_chunk);
    run.usage.input_tokens += answer.input_tokens;
    run.usage.output_tokens += answer.output_tokens;
    run.usage.cached_input_tokens += answer.cached_input_tokens;
    run.usage.cache_creation_input_tokens += answer.cache_creation_input_tokens;
    ++run.usage.model_calls;
    if (depth == 0) ++run.iterations;

    const Json body = Json::parse(answer.data);
    const Json* message = body.find("message");
    if (message == nullptr || !message->isObject()) {
      throw Error::transient("the AI provider answered without a message");
    }
    messages.push(*message);
    text = textOf(*message);
    const Json* calls = message->find("tool_calls");
    if (calls == nullptr || !calls->isArray() || calls->asArray().empty()) {
      finish_reason = body.stringOr("finish_reason", "stop");
      break;
    }
    for (const Json& call : calls->asArray()) {
      const std::string name = call.stringOr("name", "");
      const std::string id = call.stringOr("id", "");
      Json arguments = Json::object();
      std::string result;
      bool is_error = false;
      const auto tool = std::find_if(tools.begin(), tools.end(), [&](const AgentTool& candidate) {
        return candidate.name == name;
      });
      try {
        arguments = Json::parse(call.stringOr("arguments", "{}"));
      } catch (const sdk::JsonError&) {
        is_error = true;
        result = "the arguments were not valid JSON";
      }
      if (!is_error && tool == tools.end()) {
        is_error = true;
        result = "there is no tool named " + name;
      } else if (!is_error) {
        result = callTool(run, *tool, arguments, &is_error, depth);
      }
      run.tool_calls.push(Json(Json::Object{{"name", Json(name)},
                                            {"arguments", arguments},
                                            {"result", Json(result)},
                                            {"is_error", Json(is_error)},
                                            {"depth", Json(depth)}}));
      messages.push(Json(Json::Object{{"role", Json("tool")},
                                      {"tool_call_id", Json(id)},
                                      {"content", Json(is_error ? "Error: " + result : result)}}));
    }
  }
  return Json(Json::Object{
      {"text", Json(text)}, {"finish_reason", Json(finish_reason)}, {"messages", messages}});
}

sdk::NodeResult AiAgentNode::execute(sdk::NodeContext& context) const {
  const Json& config = context.config();
  Run run{context, config.stringOr("provider", ""), true, {}, Json::array(), 0};
  if (const Json* stream = config.find("stream"); stream != nullptr && stream->isBool()) {
    run.streaming = stream->asBool();
  }
  const Json* memory = config.find("memory");
  const bool remembers = memory != nullptr && memory->isObject() &&
                         memory->find("enabled") != nullptr && memory->find("enabled")->isBool() &&
                         memory->find("enabled")->asBool();
  const std::string memory_key =
      std::string(context.executionId()) + "/" + std::string(context.nodeId());
  Json messages = Json::array();
  if (remembers) {
    for (Json& earlier : AgentMemory::instance().recall(memory_key))
      messages.push(std::move(earlier));
  }
  messages.push(
      Json(Json::Object{{"role", Json("user")}, {"content", Json(config.stringOr("prompt", ""))}}));

  const Json answer = runAgent(run, config, std::move(messages), 0);
  if (remembers) {
    const Json* limit = memory->find("max_messages");
    const std::size_t keep =
        limit != nullptr && limit->isInteger() ? static_cast<std::size_t>(limit->asInt()) : 50;
    std::vector<Json> kept = answer.find("messages")->asArray();
    if (kept.size() > keep) kept.erase(kept.begin(), kept.end() - static_cast<long>(keep));
    AgentMemory::instance().keep(memory_key, std::move(kept));
  }

  Json output = Json::object();
  output["text"] = Json(answer.stringOr("text", ""));
  output["finish_reason"] = Json(answer.stringOr("finish_reason", "stop"));
  output["iterations"] = Json(run.iterations);
  output["tool_calls"] = std::move(run.tool_calls);
  output["usage"] = run.usage.toJson();
  output["provider"] = Json(run.default_provider);
  return sdk::NodeResult::on("main", output);
}

AgentMemory& AgentMemory::instance() {
  static AgentMemory memory;
  return memory;
}

std::vector<Json> AgentMemory::recall(const std::string& key) const {
  std::lock_guard lock(mutex_);
  const auto found = conversations_.find(key);
  return found == conversations_.end() ? std::vector<Json>{} : found->second;
}

void AgentMemory::keep(const std::string& key, std::vector<Json> messages) {
  std::lock_guard lock(mutex_);
  const auto [found, fresh] = conversations_.try_emplace(key);
  found->second = std::move(messages);
  if (fresh) order_.push_back(key);
  while (order_.size() > kMaxConversations) {
    conversations_.erase(order_.front());
    order_.pop_front();
  }
}

}  // namespace orchestra::plugins::ai_tools
