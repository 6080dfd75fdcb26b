// ai.openai: OpenAI-compatible chat completions (tools, streaming with usage) and the images
// API, for OpenAI itself and for local servers (vLLM, llama.cpp, Ollama) that speak the same.
#pragma once

#include <string>

#include "orchestra/sdk/AiHttpSettings.hpp"
#include "orchestra/sdk/AiProvider.hpp"
#include "orchestra/sdk/Extension.hpp"

namespace orchestra::plugins::openai {

struct ProviderSettings {
  // base_url ends in /v1 (paths /chat/completions, /images/generations); no api_key_secret: no
  // Authorization header (a local server).
  sdk::AiHttpSettings http;
  std::string default_image_model = "dall-e-3";
};

ProviderSettings readProviderSettings(const sdk::Json& config);

class OpenAiProvider final : public sdk::AiProvider {
 public:
  static sdk::ExtensionInfo describe();
  OpenAiProvider(const sdk::Json& config, const sdk::HostApi& host);

  // Fails like every provider (sdk/AiHttpError.hpp): 408/409/429/5xx transient with
  // retry-after in the message, other 4xx permanent, a stream without [DONE] transient.
  sdk::AiResponse chat(const sdk::Json& request, const sdk::AiStream& stream,
                       orc_exec* exec) const override;
  // {"model","prompt","size","count"} -> POST /images/generations (base64 answers asked for).
  sdk::AiResponse generateImage(const sdk::Json& request, orc_exec* exec) const override;
  sdk::Json listModels() const override;

 private:
  sdk::HttpRequest baseRequest(std::string_view path, const std::string& key) const;
  std::string apiKey() const;

  const sdk::HostApi& host_;
  ProviderSettings settings_;
};

}  // namespace orchestra::plugins::openai
