// Base class of an AI provider (chat with tools and streaming, images, model list, token usage);
// the request and response JSON shapes are documented on orc_ai_provider_vtable in abi.h.
#pragma once

#include <cstdint>

#include "orchestra/abi.h"
#include "orchestra/sdk/Extension.hpp"
#include "orchestra/sdk/HostApi.hpp"
#include "orchestra/sdk/Json.hpp"
#include "orchestra/sdk/detail/Trampoline.hpp"

namespace orchestra::sdk {

struct AiUsage {
  uint64_t input_tokens = 0;
  uint64_t output_tokens = 0;
  uint64_t cached_input_tokens = 0;
  uint64_t image_count = 0;
  uint64_t cache_creation_input_tokens = 0;  // not part of input_tokens
};

struct AiResponse {
  Json body;  // {"message":{...},"finish_reason":"...","model":"..."} or {"images":[...]}
  AiUsage usage;
};

// Sends streamed chunks to whoever asked; a no-op when nobody asked for streaming.
class AiStream {
 public:
  AiStream(orc_host_stream_fn function, void* context) : function_(function), context_(context) {}
  bool wanted() const { return function_ != nullptr; }
  // Throws Error::cancelled() when the consumer went away: stop generating.
  void send(const Json& chunk) const {
    if (function_ == nullptr) return;
    std::string text = chunk.dump();
    orc_status status = function_(context_, toOrcStr(text));
    if (status != ORC_OK) throw Error::fromStatus(status, "stream consumer stopped");
  }
  void text(std::string_view delta) const {
    if (!wanted()) return;
    send(Json(Json::Object{{"type", Json("text")}, {"text", Json(delta)}}));
  }

 private:
  orc_host_stream_fn function_;
  void* context_;
};

// Derive, add `static ExtensionInfo describe();` and a constructor from the config, register
// with Registrar::addAiProvider<T>(). THREAD: every method may run concurrently.
class AiProvider {
 public:
  virtual ~AiProvider() = default;
  virtual AiResponse chat(const Json& request, const AiStream& stream, orc_exec* exec) const = 0;
  virtual AiResponse generateImage(const Json& /*request*/, orc_exec* /*exec*/) const {
    throw Error::unsupported("this provider does not generate images");
  }
  virtual Json listModels() const { return Json(Json::Object{{"models", Json::array()}}); }
};

namespace detail {

inline void writeUsage(orc_ai_usage* target, const AiUsage& usage) {
  if (target == nullptr || target->struct_size < ORC_V1_0_SIZE_AI_USAGE) return;
  target->input_tokens = usage.input_tokens;
  target->output_tokens = usage.output_tokens;
  target->cached_input_tokens = usage.cached_input_tokens;
  target->image_count = usage.image_count;
  if (target->struct_size >= ORC_V1_1_SIZE_AI_USAGE) {
    target->cache_creation_input_tokens = usage.cache_creation_input_tokens;
  }
}

inline orc_status aiChat(orc_instance* instance, const orc_ai_chat_request* request,
                         orc_result* result, orc_ai_usage* usage) noexcept {
  auto* holder = holderOf<AiProvider>(instance);
  return guarded(*holder->host, result, [&] {
    auto copy = copyHostStruct(request, ORC_V1_0_SIZE_AI_CHAT_REQUEST, "the chat request");
    AiStream stream(copy.host_stream, copy.stream_ctx);
    AiResponse response = holder->object->chat(parseJsonArgument(copy.request_json, "chat request"),
                                               stream, copy.exec);
    writeUsage(usage, response.usage);
    setData(*holder->host, result, response.body.dump());
    return ORC_OK;
  });
}

inline orc_status aiImage(orc_instance* instance, const orc_ai_image_request* request,
                          orc_result* result, orc_ai_usage* usage) noexcept {
  auto* holder = holderOf<AiProvider>(instance);
  return guarded(*holder->host, result, [&] {
    auto copy = copyHostStruct(request, ORC_V1_0_SIZE_AI_IMAGE_REQUEST, "the image request");
    AiResponse response = holder->object->generateImage(
        parseJsonArgument(copy.request_json, "image request"), copy.exec);
    writeUsage(usage, response.usage);
    setData(*holder->host, result, response.body.dump());
    return ORC_OK;
  });
}

inline orc_status aiListModels(orc_instance* instance, orc_result* result) noexcept {
  auto* holder = holderOf<AiProvider>(instance);
  return guarded(*holder->host, result, [&] {
    setData(*holder->host, result, holder->object->listModels().dump());
    return ORC_OK;
  });
}

}  // namespace detail
}  // namespace orchestra::sdk
