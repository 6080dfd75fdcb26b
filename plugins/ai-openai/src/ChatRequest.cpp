#include "ChatRequest.hpp"

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::openai {

using sdk::Error;
using sdk::Json;

namespace {

Json toolCall(const Json& call) {
  const Json* arguments = call.find("arguments");
  std::string text = "{}";
  if (arguments != nullptr && arguments->isString()) text = arguments->asString();
  if (arguments != nullptr && arguments->isObject()) text = arguments->dump();
  return Json(Json::Object{{"id", Json(call.stringOr("id", ""))},
                           {"type", Json("function")},
                           {"function", Json(Json::Object{{"name", Json(call.stringOr("name", ""))},
                                                          {"arguments", Json(text)}})}});
}

Json message(const Json& source) {
  if (!source.isObject()) throw Error::validation("each message must be an object");
  const std::string role = source.stringOr("role", "");
  if (role != "system" && role != "user" && role != "assistant" && role != "tool") {
    throw Error::validation("unknown message role '" + role + "'");
  }
  Json out = Json::object();
  out["role"] = Json(role);
  const Json* content = source.find("content");
  out["content"] = content == nullptr ? Json("") : *content;
  if (role == "assistant") {
    if (const Json* calls = source.find("tool_calls");
        calls != nullptr && calls->isArray() && !calls->asArray().empty()) {
      Json list = Json::array();
      for (const Json& call : calls->asArray())
        list.push(toolCall(call));
      out["tool_calls"] = list;
      if (content == nullptr || content->isNull()) out["content"] = Json();
    }
  }
  if (role == "tool") out["tool_call_id"] = Json(source.stringOr("tool_call_id", ""));
  return out;
}

Json toolChoice(const Json& choice) {
  if (!choice.isString()) return choice;  // already the API's shape
  const std::string& name = choice.asString();
  if (name == "auto" || name == "none" || name == "required") return choice;
  return Json(Json::Object{{"type", Json("function")},
                           {"function", Json(Json::Object{{"name", Json(name)}})}});
}

}  // namespace

Json buildChatBody(const Json& request, const RequestDefaults& defaults, bool stream) {
  const Json* messages = request.find("messages");
  if (messages == nullptr || !messages->isArray() || messages->asArray().empty()) {
    throw Error::validation("the chat request needs a non-empty messages array");
  }
  Json body = Json::object();
  body["model"] = Json(request.stringOr("model", defaults.model));
  if (body["model"].asString().empty()) {
    throw Error::validation("no model: set model in the request or default_model in the config");
  }
  Json list = Json::array();
  const std::string system = request.stringOr("system", "");
  if (!system.empty()) {
    list.push(Json(Json::Object{{"role", Json("system")}, {"content", Json(system)}}));
  }
  for (const Json& entry : messages->asArray())
    list.push(message(entry));
  body["messages"] = list;
  if (const Json* max_tokens = request.find("max_tokens");
      max_tokens != nullptr && max_tokens->isNumber()) {
    body["max_tokens"] = Json(max_tokens->asInt());
  } else if (defaults.max_tokens > 0) {
    body["max_tokens"] = Json(defaults.max_tokens);
  }
  for (const char* key : {"temperature", "response_format", "stop"}) {
    if (const Json* value = request.find(key); value != nullptr && !value->isNull()) {
      body[key] = *value;
    }
  }
  if (const Json* tools = request.find("tools");
      tools != nullptr && tools->isArray() && !tools->asArray().empty()) {
    Json out = Json::array();
    for (const Json& tool : tools->asArray()) {
      Json function = Json::object();
      function["name"] = Json(tool.stringOr("name", ""));
      if (const Json* description = tool.find("description"))
        function["description"] = *description;
      const Json* parameters = tool.find("parameters");
      function["parameters"] =
          parameters != nullptr ? *parameters : Json(Json::Object{{"type", Json("object")}});
      out.push(Json(Json::Object{{"type", Json("function")}, {"function", function}}));
    }
    body["tools"] = out;
    if (const Json* choice = request.find("tool_choice"); choice != nullptr && !choice->isNull()) {
      body["tool_choice"] = toolChoice(*choice);
    }
  }
  if (stream) {
    body["stream"] = Json(true);
    // Without it a stream carries no token counts, and the ledger would see none.
    body["stream_options"] = Json(Json::Object{{"include_usage", Json(true)}});
  }
  return body;
}

}  // namespace orchestra::plugins::openai
