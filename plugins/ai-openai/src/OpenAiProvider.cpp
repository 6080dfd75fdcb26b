#include "OpenAiProvider.hpp"

#include "ChatAssembler.hpp"
#include "ChatRequest.hpp"
#include "orchestra/sdk/AiHttpError.hpp"
#include "orchestra/sdk/SseRequest.hpp"

namespace orchestra::plugins::openai {

using sdk::Error;
using sdk::Json;

namespace {

constexpr int64_t kMaxImages = 10;

Error httpError(const sdk::HttpResponse& response, const std::string& key) {
  return sdk::aiHttpErrorFromBody("OpenAI-compatible server", response.status_code, response.body,
                                  response.header("retry-after"), key);
}

}  // namespace

ProviderSettings readProviderSettings(const Json& config) {
  ProviderSettings settings;
  settings.http = sdk::readAiHttpSettings(
      config, sdk::AiHttpSettings{"https://api.openai.com/v1", "gpt-4o-mini", "", 0, 120'000, 0});
  settings.default_image_model =
      config.stringOr("default_image_model", settings.default_image_model);
  return settings;
}

sdk::ExtensionInfo OpenAiProvider::describe() {
  sdk::ExtensionInfo info;
  info.id = "ai.openai";
  info.display_name = "OpenAI-compatible";
  info.description =
      "Chat completions with tools and streaming, and image generation, from OpenAI or any "
      "server speaking its API (vLLM, llama.cpp, Ollama); the key is a workspace secret.";
  info.category = sdk::Category::Integration;
  // Without api_key_secret no Authorization is sent (a local server without keys).
  info.config_schema =
      R"({"type":"object","properties":{)" +
      sdk::aiHttpSettingsSchemaProperties("https://api.openai.com/v1", "gpt-4o-mini") +
      R"(,"default_image_model":{"type":"string","minLength":1,"default":"dall-e-3"}},)"
      R"("additionalProperties":false})";
  return info;
}

OpenAiProvider::OpenAiProvider(const Json& config, const sdk::HostApi& host)
    : host_(host), settings_(readProviderSettings(config)) {}

std::string OpenAiProvider::apiKey() const {
  const std::string& name = settings_.http.api_key_secret;
  if (name.empty()) return {};
  std::optional<std::string> key = host_.secret(name);
  if (!key) {
    throw Error::permanent("OpenAI-compatible provider: the workspace has no secret named " + name +
                           " (config.api_key_secret)");
  }
  return *key;
}

sdk::HttpRequest OpenAiProvider::baseRequest(std::string_view path, const std::string& key) const {
  sdk::HttpRequest call;
  call.method = "POST";
  call.url = settings_.http.base_url + std::string(path);
  call.headers = {{"content-type", "application/json"}};
  if (!key.empty()) call.headers.emplace_back("authorization", "Bearer " + key);
  call.timeout_ms = static_cast<uint32_t>(settings_.http.timeout_ms);
  call.max_response_bytes = settings_.http.max_response_bytes;
  return call;
}

sdk::AiResponse OpenAiProvider::chat(const Json& request, const sdk::AiStream& stream,
                                     orc_exec* exec) const {
  const bool streaming = stream.wanted();
  const Json body = buildChatBody(
      request, RequestDefaults{settings_.http.default_model, settings_.http.default_max_tokens},
      streaming);
  const std::string key = apiKey();
  sdk::HttpRequest call = baseRequest("/chat/completions", key);
  call.body = body.dump();

  if (!streaming) {
    sdk::HttpResponse response = host_.httpRequest(call, exec);
    if (response.status_code >= 400) throw httpError(response, key);
    ChatAssembler assembler;
    assembler.takeCompletion(Json::parse(response.body));
    return assembler.response();
  }
  call.headers.emplace_back("accept", "text/event-stream");
  ChatAssembler assembler([&](const Json& chunk) { stream.send(chunk); });
  const sdk::HttpResponse response =
      sdk::requestServerSentEvents(host_, call, exec, [&](const sdk::SseEvent& event) {
        if (!assembler.complete()) assembler.takeStreamData(event.data);
      });
  if (response.status_code >= 400) throw httpError(response, key);
  if (!assembler.complete()) {
    throw Error::transient("OpenAI-compatible stream ended before [DONE] (connection cut)");
  }
  return assembler.response();
}

sdk::AiResponse OpenAiProvider::generateImage(const Json& request, orc_exec* exec) const {
  const std::string prompt = request.stringOr("prompt", "");
  if (prompt.empty()) throw Error::validation("the image request needs a prompt");
  int64_t count = 1;
  if (const Json* value = request.find("count"); value != nullptr && value->isNumber()) {
    count = value->asInt();
  }
  if (count < 1 || count > kMaxImages) throw Error::validation("count must be between 1 and 10");
  Json body = Json::object();
  body["model"] = Json(request.stringOr("model", settings_.default_image_model));
  body["prompt"] = Json(prompt);
  body["n"] = Json(count);
  body["size"] = Json(request.stringOr("size", "1024x1024"));
  body["response_format"] = Json("b64_json");
  const std::string key = apiKey();
  sdk::HttpRequest call = baseRequest("/images/generations", key);
  call.body = body.dump();
  sdk::HttpResponse response = host_.httpRequest(call, exec);
  if (response.status_code >= 400) throw httpError(response, key);

  const Json answer = Json::parse(response.body);
  Json images = Json::array();
  if (const Json* data = answer.find("data"); data != nullptr && data->isArray()) {
    for (const Json& image : data->asArray()) {
      if (const Json* base64 = image.find("b64_json"); base64 != nullptr && base64->isString()) {
        images.push(Json(Json::Object{{"mime_type", Json("image/png")}, {"base64", *base64}}));
      } else if (const Json* url = image.find("url"); url != nullptr && url->isString()) {
        images.push(Json(Json::Object{{"url", *url}}));
      }
    }
  }
  sdk::AiResponse out;
  out.usage.image_count = images.asArray().size();
  out.body = Json(Json::Object{{"images", images}, {"model", body["model"]}});
  return out;
}

Json OpenAiProvider::listModels() const {
  Json models = Json::array();
  models.push(Json(Json::Object{{"id", Json(settings_.http.default_model)},
                                {"display_name", Json(settings_.http.default_model)}}));
  return Json(Json::Object{{"models", models}});
}

}  // namespace orchestra::plugins::openai
