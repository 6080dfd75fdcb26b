// Translates the SDK's provider-neutral chat request (abi.h, orc_ai_chat_request) into the body
// of an OpenAI-compatible POST /chat/completions (OpenAI, vLLM, llama.cpp, Ollama ...).
#pragma once

#include <cstdint>
#include <string>

#include "orchestra/sdk/Json.hpp"

namespace orchestra::plugins::openai {

struct RequestDefaults {
  std::string model;
  int64_t max_tokens = 0;  // 0 = leave it to the server
};

// Throws sdk::Error (validation) for a request without messages or model, or an unknown role.
sdk::Json buildChatBody(const sdk::Json& request, const RequestDefaults& defaults, bool stream);

}  // namespace orchestra::plugins::openai
