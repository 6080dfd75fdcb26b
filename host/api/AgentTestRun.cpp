#include "host/api/AgentTestRun.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "host/text/JsonWriter.hpp"

namespace orchestra::api {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// Model settings of one agent, as the ai.agent config spells them.
Object::Ptr modelSettings(const store::AgentSettings& settings) {
  Object::Ptr config = new Object;
  if (settings.model && !settings.model->empty()) config->set("model", *settings.model);
  if (settings.system_prompt) config->set("system_prompt", *settings.system_prompt);
  if (settings.temperature) config->set("temperature", *settings.temperature);
  if (settings.max_tokens) config->set("max_tokens", *settings.max_tokens);
  return config;
}

// The entries of an agent's tools the ai.agent node runs: {"type": "mcp" | "agent" | "node",
// ...}.
Array::Ptr runnableTools(const std::string& tools_json) {
  Array::Ptr tools = new Array;
  try {
    Poco::JSON::Parser parser;
    const auto parsed = parser.parse(tools_json);
    if (parsed.type() != typeid(Array::Ptr)) return tools;
    for (const auto& entry : *parsed.extract<Array::Ptr>()) {
      if (entry.type() != typeid(Object::Ptr)) continue;
      const auto& object = entry.extract<Object::Ptr>();
      const auto type = object->optValue<std::string>("type", "");
      if (type == "mcp" || type == "agent" || type == "node") tools->add(object);
    }
  } catch (const Poco::Exception&) {
    // Stored by the API as a JSON array; anything else offers no tools.
  }
  return tools;
}

}  // namespace

std::string agentNodeConfig(const store::AgentRow& agent,
                            const std::vector<store::AgentRow>& sub_agents,
                            const std::string& provider, const std::string& input) {
  Object::Ptr config = modelSettings(agent.settings);
  config->set("provider", provider);
  config->set("prompt", input);
  config->set("stream", false);
  Array::Ptr tools = runnableTools(agent.settings.tools);
  for (const store::AgentRow& sub : sub_agents) {
    Object::Ptr tool = new Object;
    tool->set("type", "agent");
    tool->set("name", sub.settings.name);
    tool->set("description", "The agent \"" + sub.settings.name + "\": give it a task.");
    Object::Ptr settings = modelSettings(sub.settings);
    settings->set("tools", runnableTools(sub.settings.tools));
    tool->set("agent", settings);
    tools->add(tool);
  }
  if (tools->size() > 0) config->set("tools", tools);
  return text::toJson(Poco::Dynamic::Var(config));
}

}  // namespace orchestra::api
