#include "MessagesRequest.hpp"

#include <string_view>

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::anthropic {

using sdk::Error;
using sdk::Json;

namespace {

// Anthropic takes text content as a string or as its own block list; both pass unchanged.
Json contentOf(const Json& message) {
  const Json* content = message.find("content");
  if (content == nullptr || content->isNull()) return Json("");
  if (content->isString() || content->isArray()) return *content;
  throw Error::validation("a message's content must be a string or an array of blocks");
}

Json toolUseBlock(const Json& call) {
  Json block = Json::object();
  block["type"] = Json("tool_use");
  block["id"] = Json(call.stringOr("id", ""));
  block["name"] = Json(call.stringOr("name", ""));
  const Json* arguments = call.find("arguments");
  Json input = Json::object();
  if (arguments != nullptr && arguments->isString() && !arguments->asString().empty()) {
    input = Json::parse(arguments->asString());
  } else if (arguments != nullptr && arguments->isObject()) {
    input = *arguments;
  }
  if (!input.isObject()) throw Error::validation("a tool call's arguments must be a JSON object");
  block["input"] = input;
  return block;
}

Json assistantMessage(const Json& message) {
  const Json* calls = message.find("tool_calls");
  if (calls == nullptr || !calls->isArray() || calls->asArray().empty()) {
    return Json(Json::Object{{"role", Json("assistant")}, {"content", contentOf(message)}});
  }
  Json blocks = Json::array();
  Json text = contentOf(message);
  if (text.isString() && !text.asString().empty()) {
    blocks.push(Json(Json::Object{{"type", Json("text")}, {"text", text}}));
  } else if (text.isArray()) {
    for (const Json& block : text.asArray())
      blocks.push(block);
  }
  for (const Json& call : calls->asArray())
    blocks.push(toolUseBlock(call));
  return Json(Json::Object{{"role", Json("assistant")}, {"content", blocks}});
}

Json toolResultBlock(const Json& message) {
  Json block = Json::object();
  block["type"] = Json("tool_result");
  block["tool_use_id"] = Json(message.stringOr("tool_call_id", ""));
  block["content"] = contentOf(message);
  if (const Json* failed = message.find("is_error"); failed != nullptr && failed->isBool()) {
    block["is_error"] = *failed;
  }
  return block;
}

Json toolChoice(const Json& choice) {
  if (choice.isObject()) return choice;  // already Anthropic's shape
  const std::string& name = choice.asString();
  if (name == "auto") return Json(Json::Object{{"type", Json("auto")}});
  if (name == "required") return Json(Json::Object{{"type", Json("any")}});
  if (name == "none") return Json(Json::Object{{"type", Json("none")}});
  return Json(Json::Object{{"type", Json("tool")}, {"name", Json(name)}});
}

Json tools(const Json& list) {
  Json out = Json::array();
  for (const Json& tool : list.asArray()) {
    Json entry = Json::object();
    entry["name"] = Json(tool.stringOr("name", ""));
    if (const Json* description = tool.find("description")) entry["description"] = *description;
    const Json* schema = tool.find("parameters");
    if (schema == nullptr) schema = tool.find("input_schema");
    entry["input_schema"] =
        schema != nullptr ? *schema : Json(Json::Object{{"type", Json("object")}});
    out.push(entry);
  }
  return out;
}

}  // namespace

Json buildMessagesBody(const Json& request, const RequestDefaults& defaults, bool stream) {
  const Json* messages = request.find("messages");
  if (messages == nullptr || !messages->isArray() || messages->asArray().empty()) {
    throw Error::validation("the chat request needs a non-empty messages array");
  }
  std::string system = request.stringOr("system", "");
  Json converted = Json::array();
  for (const Json& message : messages->asArray()) {
    if (!message.isObject()) throw Error::validation("each message must be an object");
    const std::string role = message.stringOr("role", "");
    if (role == "system") {
      Json text = contentOf(message);
      if (!text.isString()) throw Error::validation("a system message's content must be text");
      if (!system.empty()) system += "\n\n";
      system += text.asString();
    } else if (role == "user") {
      converted.push(Json(Json::Object{{"role", Json("user")}, {"content", contentOf(message)}}));
    } else if (role == "assistant") {
      converted.push(assistantMessage(message));
    } else if (role == "tool") {
      // Results of one assistant turn travel together in one user message.
      auto& list = converted.asArray();
      Json* previous = list.empty() ? nullptr : &list.back();
      bool joins = previous != nullptr && previous->stringOr("role", "") == "user" &&
                   (*previous)["content"].isArray() && !(*previous)["content"].asArray().empty() &&
                   (*previous)["content"].asArray().back().stringOr("type", "") == "tool_result";
      if (joins) {
        (*previous)["content"].push(toolResultBlock(message));
      } else {
        converted.push(Json(Json::Object{
            {"role", Json("user")}, {"content", Json(Json::Array{toolResultBlock(message)})}}));
      }
    } else {
      throw Error::validation("unknown message role '" + role + "'");
    }
  }
  if (converted.asArray().empty()) throw Error::validation("the chat request has only system text");

  Json body = Json::object();
  body["model"] = Json(request.stringOr("model", defaults.model));
  if (body["model"].asString().empty()) {
    throw Error::validation("no model: set model in the request or default_model in the config");
  }
  const Json* max_tokens = request.find("max_tokens");
  body["max_tokens"] = max_tokens != nullptr && max_tokens->isNumber() ? Json(max_tokens->asInt())
                                                                       : Json(defaults.max_tokens);
  if (!system.empty()) body["system"] = Json(system);
  body["messages"] = converted;
  if (const Json* temperature = request.find("temperature");
      temperature != nullptr && temperature->isNumber()) {
    body["temperature"] = *temperature;
  }
  if (const Json* list = request.find("tools");
      list != nullptr && list->isArray() && !list->asArray().empty()) {
    body["tools"] = tools(*list);
    if (const Json* choice = request.find("tool_choice"); choice != nullptr && !choice->isNull()) {
      body["tool_choice"] = toolChoice(*choice);
    }
  }
  if (const Json* stops = request.find("stop"); stops != nullptr && stops->isArray()) {
    body["stop_sequences"] = *stops;
  }
  if (stream) body["stream"] = Json(true);
  return body;
}

}  // namespace orchestra::plugins::anthropic
