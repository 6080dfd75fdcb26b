#include "AiImageNode.hpp"

#include <string>

namespace orchestra::plugins::ai_tools {

using sdk::Error;
using sdk::Json;

sdk::ExtensionInfo AiImageNode::describe() {
  sdk::ExtensionInfo info;
  info.id = "ai.image";
  info.display_name = "AI Image";
  info.description =
      "Generates images from a prompt with an AI provider configured by the operator "
      "(OpenAI-compatible images API); the images come back as base64 or URLs.";
  info.category = sdk::Category::Agent;
  info.config_schema =
      R"({"type":"object","properties":{)"
      R"("provider":{"type":"string","minLength":1,"description":"an id of the host's ai.providers"},)"
      R"("prompt":{"type":"string","minLength":1,"maxLength":32000},)"
      R"("model":{"type":"string"},)"
      R"("size":{"type":"string","pattern":"^[0-9]{2,5}x[0-9]{2,5}$"},)"
      R"("count":{"type":"integer","minimum":1,"maximum":10,"default":1}},)"
      R"("required":["provider","prompt"],"additionalProperties":false})";
  info.inputs = {{"main", ORC_PORT_OPTIONAL}};
  info.outputs = {{"main"}};
  info.flags = ORC_EXTENSION_SIDE_EFFECTS;
  return info;
}

AiImageNode::AiImageNode(const Json& config) {
  if (config.stringOr("provider", "").empty())
    throw Error::validation("config.provider is required");
}

sdk::NodeResult AiImageNode::execute(sdk::NodeContext& context) const {
  const Json& config = context.config();
  const std::string provider = config.stringOr("provider", "");
  Json request = Json::object();
  request["prompt"] = Json(config.stringOr("prompt", ""));
  if (request["prompt"].asString().empty()) throw Error::validation("config.prompt is empty");
  for (const char* key : {"model", "size", "count"}) {
    if (const Json* value = config.find(key); value != nullptr && !value->isNull()) {
      const bool empty_text = value->isString() && value->asString().empty();
      if (!empty_text) request[key] = *value;
    }
  }
  const sdk::HostCallResult answer =
      context.host().aiGenerateImage(provider, request, context.exec());
  const Json body = Json::parse(answer.data);
  Json output = Json::object();
  output["provider"] = Json(provider);
  output["model"] = Json(body.stringOr("model", request.stringOr("model", "")));
  const Json* images = body.find("images");
  output["images"] = images != nullptr && images->isArray() ? *images : Json::array();
  output["usage"] = Json(Json::Object{{"image_count", Json(answer.image_count)}});
  return sdk::NodeResult::on("main", output);
}

}  // namespace orchestra::plugins::ai_tools
