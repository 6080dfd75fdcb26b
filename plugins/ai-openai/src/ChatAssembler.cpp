#include "ChatAssembler.hpp"

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::openai {

using sdk::Error;
using sdk::Json;

namespace {

uint64_t count(const Json& object, std::string_view key) {
  const Json* value = object.find(key);
  return value != nullptr && value->isNumber() ? value->asUint() : 0;
}

std::string normalisedFinishReason(const std::string& reason) {
  if (reason == "function_call") return "tool_calls";
  if (reason.empty()) return "stop";
  return reason;  // stop, length, tool_calls, content_filter
}

}  // namespace

bool isTransientError(const Json& error) {
  for (const char* key : {"type", "code"}) {
    const Json* value = error.find(key);
    if (value == nullptr || !value->isString()) continue;
    const std::string& text = value->asString();
    if (text.find("rate_limit") != std::string::npos || text == "server_error" ||
        text == "overloaded" || text == "service_unavailable" || text == "timeout") {
      return true;
    }
  }
  return false;
}

void ChatAssembler::takeUsage(const Json& usage) {
  if (!usage.isObject()) return;
  prompt_tokens_ = count(usage, "prompt_tokens");
  completion_tokens_ = count(usage, "completion_tokens");
  if (const Json* details = usage.find("prompt_tokens_details");
      details != nullptr && details->isObject()) {
    cached_tokens_ = count(*details, "cached_tokens");
  }
}

void ChatAssembler::takeCompletion(const Json& completion) {
  model_ = completion.stringOr("model", "");
  if (const Json* usage = completion.find("usage")) takeUsage(*usage);
  const Json* choices = completion.find("choices");
  if (choices != nullptr && choices->isArray() && !choices->asArray().empty()) {
    const Json& choice = choices->asArray().front();
    finish_reason_ = choice.stringOr("finish_reason", "");
    if (const Json* message = choice.find("message")) {
      text_ = message->stringOr("content", "");
      if (const Json* calls = message->find("tool_calls"); calls != nullptr && calls->isArray()) {
        int64_t index = 0;
        for (const Json& call : calls->asArray()) {
          const Json* function = call.find("function");
          tool_calls_[index++] = ToolCall{
              call.stringOr("id", ""), function == nullptr ? "" : function->stringOr("name", ""),
              function == nullptr ? "{}" : function->stringOr("arguments", "{}")};
        }
      }
    }
  }
  complete_ = true;
}

void ChatAssembler::takeStreamData(const std::string& data) {
  if (data == "[DONE]") {
    complete_ = true;
    return;
  }
  const Json chunk = Json::parse(data);
  if (const Json* error = chunk.find("error"); error != nullptr && error->isObject()) {
    const std::string text = "OpenAI-compatible stream error: " + error->stringOr("message", "");
    throw isTransientError(*error) ? Error::transient(text) : Error::permanent(text);
  }
  if (model_.empty()) model_ = chunk.stringOr("model", "");
  if (const Json* usage = chunk.find("usage"); usage != nullptr && usage->isObject()) {
    takeUsage(*usage);
  }
  const Json* choices = chunk.find("choices");
  if (choices == nullptr || !choices->isArray() || choices->asArray().empty()) return;
  const Json& choice = choices->asArray().front();
  if (const Json* reason = choice.find("finish_reason"); reason != nullptr && reason->isString()) {
    finish_reason_ = reason->asString();
  }
  const Json* delta = choice.find("delta");
  if (delta == nullptr || !delta->isObject()) return;
  if (const Json* content = delta->find("content"); content != nullptr && content->isString()) {
    text_ += content->asString();
    if (!content->asString().empty()) {
      emit(Json(Json::Object{{"type", Json("text")}, {"text", *content}}));
    }
  }
  const Json* calls = delta->find("tool_calls");
  if (calls == nullptr || !calls->isArray()) return;
  for (const Json& call : calls->asArray()) {
    // The first delta of a call carries its id and name; later ones only argument pieces.
    const Json* index_value = call.find("index");
    const int64_t index =
        index_value != nullptr && index_value->isInteger() ? index_value->asInt() : 0;
    ToolCall& target = tool_calls_[index];
    if (const Json* id = call.find("id"); id != nullptr && id->isString())
      target.id = id->asString();
    std::string piece;
    if (const Json* function = call.find("function"); function != nullptr && function->isObject()) {
      if (const Json* name = function->find("name"); name != nullptr && name->isString()) {
        target.name += name->asString();
      }
      piece = function->stringOr("arguments", "");
      target.arguments += piece;
    }
    emit(Json(Json::Object{{"type", Json("tool_call")},
                           {"index", Json(index)},
                           {"id", Json(target.id)},
                           {"name", Json(target.name)},
                           {"arguments", Json(piece)}}));
  }
}

sdk::AiResponse ChatAssembler::response() const {
  Json message = Json::object();
  message["role"] = Json("assistant");
  message["content"] = Json(text_);
  if (!tool_calls_.empty()) {
    Json calls = Json::array();
    for (const auto& [index, call] : tool_calls_) {
      calls.push(
          Json(Json::Object{{"id", Json(call.id)},
                            {"name", Json(call.name)},
                            {"arguments", Json(call.arguments.empty() ? "{}" : call.arguments)}}));
    }
    message["tool_calls"] = calls;
  }
  sdk::AiResponse out;
  out.body = Json::object();
  out.body["message"] = message;
  out.body["finish_reason"] = Json(normalisedFinishReason(finish_reason_));
  out.body["model"] = Json(model_);
  out.usage.input_tokens = prompt_tokens_;
  out.usage.cached_input_tokens = cached_tokens_;
  out.usage.output_tokens = completion_tokens_;
  out.body["usage"] = Json(Json::Object{{"input_tokens", Json(prompt_tokens_)},
                                        {"output_tokens", Json(completion_tokens_)},
                                        {"cached_input_tokens", Json(cached_tokens_)},
                                        {"cache_creation_input_tokens", Json(0)}});
  return out;
}

}  // namespace orchestra::plugins::openai
