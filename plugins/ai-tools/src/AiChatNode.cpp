#include "AiChatNode.hpp"

#include <string>

namespace orchestra::plugins::ai_tools {

using sdk::Error;
using sdk::Json;

Json chatRequestFromConfig(const Json& config) {
  Json request = Json::object();
  const Json* messages = config.find("messages");
  const std::string prompt = config.stringOr("prompt", "");
  if (messages != nullptr && messages->isArray() && !messages->asArray().empty()) {
    request["messages"] = *messages;
    if (!prompt.empty()) {
      request["messages"].push(
          Json(Json::Object{{"role", Json("user")}, {"content", Json(prompt)}}));
    }
  } else if (!prompt.empty()) {
    request["messages"] =
        Json(Json::Array{Json(Json::Object{{"role", Json("user")}, {"content", Json(prompt)}})});
  } else {
    throw Error::validation("config.prompt or config.messages must say what to ask");
  }
  for (const char* key : {"model", "system", "temperature", "max_tokens", "tools", "tool_choice"}) {
    if (const Json* value = config.find(key); value != nullptr && !value->isNull()) {
      const bool empty_text = value->isString() && value->asString().empty();
      if (!empty_text) request[key] = *value;
    }
  }
  return request;
}

sdk::ExtensionInfo AiChatNode::describe() {
  sdk::ExtensionInfo info;
  info.id = "ai.chat";
  info.display_name = "AI Chat";
  info.description =
      "Asks an AI provider configured by the operator (Claude, OpenAI-compatible ...) and returns "
      "its answer with token usage; the text appears live while it streams.";
  info.category = sdk::Category::Agent;
  info.config_schema =
      R"({"type":"object","properties":{)"
      R"("provider":{"type":"string","minLength":1,"description":"an id of the host's ai.providers"},)"
      R"("model":{"type":"string"},)"
      R"("system":{"type":"string"},)"
      R"("prompt":{"type":"string"},)"
      R"("messages":{"type":"array","items":{"type":"object","properties":{)"
      R"("role":{"type":"string","enum":["system","user","assistant","tool"]}},)"
      R"("required":["role"]}},)"
      R"("temperature":{"type":"number","minimum":0,"maximum":2},)"
      R"("max_tokens":{"type":"integer","minimum":1,"maximum":1000000},)"
      R"("tools":{"type":"array","items":{"type":"object","required":["name"]}},)"
      R"("tool_choice":{"type":"string"},)"
      R"("stream":{"type":"boolean","default":true}},)"
      R"("required":["provider"],"additionalProperties":false})";
  info.inputs = {{"main", ORC_PORT_OPTIONAL}};
  info.outputs = {{"main"}};
  info.flags = ORC_EXTENSION_SIDE_EFFECTS;
  return info;
}

AiChatNode::AiChatNode(const Json& config) {
  if (config.stringOr("provider", "").empty())
    throw Error::validation("config.provider is required");
}

sdk::NodeResult AiChatNode::execute(sdk::NodeContext& context) const {
  const Json& config = context.config();
  const std::string provider = config.stringOr("provider", "");
  const Json request = chatRequestFromConfig(config);
  const Json* stream = config.find("stream");
  const bool streaming = stream == nullptr || !stream->isBool() || stream->asBool();

  sdk::ChunkSink on_chunk;
  if (streaming) {
    on_chunk = [&context](std::string_view chunk_json) {
      context.throwIfCancelled();
      const Json chunk = Json::parse(chunk_json);
      // Text deltas are what the studio shows as it arrives; other chunks travel as data.
      context.emitProgress(chunk.stringOr("type", "") == "text" ? chunk.stringOr("text", "") : "",
                           std::nullopt, chunk);
    };
  }
  const sdk::HostCallResult answer =
      context.host().aiChat(provider, request, context.exec(), on_chunk);
  Json body = Json::parse(answer.data);
  Json output = Json::object();
  output["provider"] = Json(provider);
  if (const Json* message = body.find("message")) output["message"] = *message;
  output["content"] =
      output["message"].isObject() ? Json(output["message"].stringOr("content", "")) : Json("");
  output["finish_reason"] = Json(body.stringOr("finish_reason", "stop"));
  output["model"] = Json(body.stringOr("model", request.stringOr("model", "")));
  output["usage"] =
      Json(Json::Object{{"input_tokens", Json(answer.input_tokens)},
                        {"output_tokens", Json(answer.output_tokens)},
                        {"cached_input_tokens", Json(answer.cached_input_tokens)},
                        {"cache_creation_input_tokens", Json(answer.cache_creation_input_tokens)}});
  return sdk::NodeResult::on("main", output);
}

}  // namespace orchestra::plugins::ai_tools
