// ai.anthropic: the Claude Messages API (POST {base_url}/v1/messages) as an Orchestra AI
// provider, JSON or streamed (SSE), with the API key read from the workspace's secrets per call.
#pragma once

#include <string>

#include "orchestra/sdk/AiHttpSettings.hpp"
#include "orchestra/sdk/AiProvider.hpp"
#include "orchestra/sdk/Extension.hpp"

namespace orchestra::plugins::anthropic {

struct ProviderSettings {
  sdk::AiHttpSettings http;  // api_key_secret required: the Messages API takes no call without
  std::string anthropic_version = "2023-06-01";
};

// Throws sdk::Error (validation) without api_key_secret or with a base_url that is no URL.
ProviderSettings readProviderSettings(const sdk::Json& config);

class AnthropicProvider final : public sdk::AiProvider {
 public:
  static sdk::ExtensionInfo describe();
  AnthropicProvider(const sdk::Json& config, const sdk::HostApi& host);

  // Fails with sdk::Error: 429, 529 and 5xx transient (retry-after in the message), other 4xx
  // permanent, a stream that ends before message_stop transient, no key in the workspace
  // permanent. No message carries the key.
  sdk::AiResponse chat(const sdk::Json& request, const sdk::AiStream& stream,
                       orc_exec* exec) const override;
  sdk::Json listModels() const override;

 private:
  const sdk::HostApi& host_;
  ProviderSettings settings_;
};

}  // namespace orchestra::plugins::anthropic
