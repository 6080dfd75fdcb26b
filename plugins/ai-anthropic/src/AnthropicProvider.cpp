#include "AnthropicProvider.hpp"

#include "MessageAssembler.hpp"
#include "MessagesRequest.hpp"
#include "orchestra/sdk/AiHttpError.hpp"
#include "orchestra/sdk/SseRequest.hpp"

namespace orchestra::plugins::anthropic {

using sdk::Error;
using sdk::Json;

namespace {

Error httpError(const sdk::HttpResponse& response, const std::string& key) {
  return sdk::aiHttpErrorFromBody("Anthropic", response.status_code, response.body,
                                  response.header("retry-after"), key);
}

}  // namespace

ProviderSettings readProviderSettings(const Json& config) {
  ProviderSettings settings;
  settings.http = sdk::readAiHttpSettings(
      config,
      sdk::AiHttpSettings{"https://api.anthropic.com", "claude-sonnet-4-5", "", 1024, 120'000, 0});
  settings.anthropic_version = config.stringOr("anthropic_version", settings.anthropic_version);
  if (settings.http.api_key_secret.empty()) {
    throw Error::validation("config.api_key_secret must name the workspace secret holding the key");
  }
  return settings;
}

sdk::ExtensionInfo AnthropicProvider::describe() {
  sdk::ExtensionInfo info;
  info.id = "ai.anthropic";
  info.display_name = "Anthropic Claude";
  info.description =
      "Claude through the Messages API: chat with tools and streaming, usage with prompt-cache "
      "tokens; the API key is a workspace secret named in the config.";
  info.category = sdk::Category::Integration;
  info.config_schema =
      R"({"type":"object","properties":{)" +
      sdk::aiHttpSettingsSchemaProperties("https://api.anthropic.com", "claude-sonnet-4-5") +
      R"(,"anthropic_version":{"type":"string","default":"2023-06-01"}},)"
      R"("required":["api_key_secret"],"additionalProperties":false})";
  return info;
}

AnthropicProvider::AnthropicProvider(const Json& config, const sdk::HostApi& host)
    : host_(host), settings_(readProviderSettings(config)) {}

sdk::AiResponse AnthropicProvider::chat(const Json& request, const sdk::AiStream& stream,
                                        orc_exec* exec) const {
  const sdk::AiHttpSettings& http = settings_.http;
  const bool streaming = stream.wanted();
  const Json body = buildMessagesBody(
      request, RequestDefaults{http.default_model, http.default_max_tokens}, streaming);
  std::optional<std::string> key = host_.secret(http.api_key_secret);
  if (!key) {
    throw Error::permanent("Anthropic: the workspace has no secret named " + http.api_key_secret +
                           " (config.api_key_secret)");
  }

  sdk::HttpRequest call;
  call.method = "POST";
  call.url = http.base_url + "/v1/messages";
  call.headers = {{"content-type", "application/json"},
                  {"x-api-key", *key},
                  {"anthropic-version", settings_.anthropic_version}};
  if (streaming) call.headers.emplace_back("accept", "text/event-stream");
  call.body = body.dump();
  call.timeout_ms = static_cast<uint32_t>(http.timeout_ms);
  call.max_response_bytes = http.max_response_bytes;

  if (!streaming) {
    sdk::HttpResponse response = host_.httpRequest(call, exec);
    if (response.status_code >= 400) throw httpError(response, *key);
    MessageAssembler assembler;
    assembler.takeMessage(Json::parse(response.body));
    return assembler.response();
  }
  MessageAssembler assembler([&](const Json& chunk) { stream.send(chunk); });
  const sdk::HttpResponse response = sdk::requestServerSentEvents(
      host_, call, exec, [&](const sdk::SseEvent& event) { assembler.takeEvent(event); });
  if (response.status_code >= 400) throw httpError(response, *key);
  if (!assembler.complete()) {
    throw Error::transient("Anthropic: the stream ended before message_stop (connection cut)");
  }
  return assembler.response();
}

Json AnthropicProvider::listModels() const {
  Json models = Json::array();
  models.push(Json(Json::Object{{"id", Json(settings_.http.default_model)},
                                {"display_name", Json(settings_.http.default_model)}}));
  return Json(Json::Object{{"models", models}});
}

}  // namespace orchestra::plugins::anthropic
