// Translates the SDK's provider-neutral chat request (abi.h, orc_ai_chat_request) into the body
// of Anthropic's POST /v1/messages: system apart, tool calls and results as content blocks.
#pragma once

#include <cstdint>
#include <string>

#include "orchestra/sdk/Json.hpp"

namespace orchestra::plugins::anthropic {

struct RequestDefaults {
  std::string model;
  int64_t max_tokens = 1024;
};

// Throws sdk::Error (validation) for a request Anthropic could not take: no messages, an
// unknown role, tool arguments that are not a JSON object.
sdk::Json buildMessagesBody(const sdk::Json& request, const RequestDefaults& defaults, bool stream);

}  // namespace orchestra::plugins::anthropic
