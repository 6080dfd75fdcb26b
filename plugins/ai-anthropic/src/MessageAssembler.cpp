#include "MessageAssembler.hpp"

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::anthropic {

using sdk::Error;
using sdk::Json;

std::string finishReason(std::string_view stop_reason) {
  if (stop_reason == "max_tokens") return "length";
  if (stop_reason == "tool_use") return "tool_calls";
  if (stop_reason == "refusal") return "content_filter";
  return "stop";
}

bool isTransientErrorType(std::string_view error_type) {
  return error_type == "overloaded_error" || error_type == "rate_limit_error" ||
         error_type == "api_error" || error_type == "timeout_error";
}

namespace {

uint64_t count(const Json& usage, std::string_view key) {
  const Json* value = usage.find(key);
  return value != nullptr && value->isNumber() ? value->asUint() : 0;
}

// Content blocks are few; an index far out of range is a broken stream, not a reason to
// allocate gigabytes.
size_t blockIndex(const Json& event) {
  constexpr uint64_t kMaxBlocks = 4096;
  const Json* index = event.find("index");
  if (index == nullptr || !index->isInteger() || index->asUint() >= kMaxBlocks) {
    throw Error::transient("Anthropic stream: a content block event without a usable index");
  }
  return static_cast<size_t>(index->asUint());
}

}  // namespace

void MessageAssembler::takeUsage(const Json& usage) {
  if (!usage.isObject()) return;
  // message_delta repeats the counts so far: the latest value wins, absent keys keep theirs.
  if (usage.contains("input_tokens")) input_tokens_ = count(usage, "input_tokens");
  if (usage.contains("output_tokens")) output_tokens_ = count(usage, "output_tokens");
  if (usage.contains("cache_read_input_tokens")) {
    cache_read_tokens_ = count(usage, "cache_read_input_tokens");
  }
  if (usage.contains("cache_creation_input_tokens")) {
    cache_creation_tokens_ = count(usage, "cache_creation_input_tokens");
  }
}

void MessageAssembler::startBlock(size_t index, const Json& block, bool whole) {
  if (blocks_.size() <= index) blocks_.resize(index + 1);
  Block& target = blocks_[index];
  target.type = block.stringOr("type", "");
  if (target.type == "text") {
    target.text = block.stringOr("text", "");
    if (!target.text.empty()) {
      emit(Json(Json::Object{{"type", Json("text")}, {"text", Json(target.text)}}));
    }
  } else if (target.type == "tool_use") {
    target.id = block.stringOr("id", "");
    target.name = block.stringOr("name", "");
    target.tool_index = tool_count_++;
    // A whole message carries the input as an object; a stream sends "{}" then JSON deltas.
    const Json* input = block.find("input");
    if (whole && input != nullptr) target.text = input->dump();
    emit(Json(Json::Object{{"type", Json("tool_call")},
                           {"index", Json(target.tool_index)},
                           {"id", Json(target.id)},
                           {"name", Json(target.name)},
                           {"arguments", Json("")}}));
  }
}

void MessageAssembler::delta(size_t index, const Json& delta) {
  if (index >= blocks_.size()) blocks_.resize(index + 1);
  Block& target = blocks_[index];
  const std::string type = delta.stringOr("type", "");
  if (type == "text_delta") {
    const std::string piece = delta.stringOr("text", "");
    target.text += piece;
    emit(Json(Json::Object{{"type", Json("text")}, {"text", Json(piece)}}));
  } else if (type == "input_json_delta") {
    const std::string piece = delta.stringOr("partial_json", "");
    target.text += piece;
    emit(Json(Json::Object{{"type", Json("tool_call")},
                           {"index", Json(target.tool_index)},
                           {"id", Json(target.id)},
                           {"name", Json(target.name)},
                           {"arguments", Json(piece)}}));
  } else if (type == "thinking_delta") {
    emit(Json(
        Json::Object{{"type", Json("reasoning")}, {"text", Json(delta.stringOr("thinking", ""))}}));
  }
}

void MessageAssembler::takeMessage(const Json& message) {
  model_ = message.stringOr("model", "");
  stop_reason_ = message.stringOr("stop_reason", "");
  if (const Json* usage = message.find("usage")) takeUsage(*usage);
  if (const Json* content = message.find("content"); content != nullptr && content->isArray()) {
    const auto& list = content->asArray();
    for (size_t i = 0; i < list.size(); ++i)
      startBlock(i, list[i], true);
  }
  complete_ = true;
}

void MessageAssembler::takeEvent(const sdk::SseEvent& event) {
  const Json data = Json::parse(event.data);
  const std::string type = data.stringOr("type", event.event);
  if (type == "message_start") {
    const Json* message = data.find("message");
    if (message != nullptr) {
      model_ = message->stringOr("model", "");
      if (const Json* usage = message->find("usage")) takeUsage(*usage);
    }
  } else if (type == "content_block_start") {
    const Json* block = data.find("content_block");
    if (block != nullptr) startBlock(blockIndex(data), *block, false);
  } else if (type == "content_block_delta") {
    const Json* piece = data.find("delta");
    if (piece != nullptr) delta(blockIndex(data), *piece);
  } else if (type == "message_delta") {
    if (const Json* piece = data.find("delta")) {
      const std::string reason = piece->stringOr("stop_reason", "");
      if (!reason.empty()) stop_reason_ = reason;
    }
    if (const Json* usage = data.find("usage")) takeUsage(*usage);
  } else if (type == "message_stop") {
    complete_ = true;
  } else if (type == "error") {
    const Json* error = data.find("error");
    const std::string error_type = error == nullptr ? "" : error->stringOr("type", "");
    const std::string text = "Anthropic stream error " + error_type + ": " +
                             (error == nullptr ? "" : error->stringOr("message", ""));
    throw isTransientErrorType(error_type) ? Error::transient(text) : Error::permanent(text);
  }
  // ping, content_block_stop and event types added later need nothing.
}

sdk::AiResponse MessageAssembler::response() const {
  std::string text;
  Json calls = Json::array();
  for (const Block& block : blocks_) {
    if (block.type == "text") {
      text += block.text;
    } else if (block.type == "tool_use") {
      calls.push(Json(Json::Object{{"id", Json(block.id)},
                                   {"name", Json(block.name)},
                                   {"arguments", Json(block.text.empty() ? "{}" : block.text)}}));
    }
  }
  Json message = Json::object();
  message["role"] = Json("assistant");
  message["content"] = Json(text);
  if (!calls.asArray().empty()) message["tool_calls"] = calls;
  sdk::AiResponse out;
  out.body = Json::object();
  out.body["message"] = message;
  out.body["finish_reason"] = Json(finishReason(stop_reason_));
  out.body["stop_reason"] = Json(stop_reason_);
  out.body["model"] = Json(model_);
  out.usage.input_tokens = input_tokens_ + cache_read_tokens_;
  out.usage.cached_input_tokens = cache_read_tokens_;
  out.usage.cache_creation_input_tokens = cache_creation_tokens_;
  out.usage.output_tokens = output_tokens_;
  out.body["usage"] =
      Json(Json::Object{{"input_tokens", Json(out.usage.input_tokens)},
                        {"output_tokens", Json(out.usage.output_tokens)},
                        {"cached_input_tokens", Json(cache_read_tokens_)},
                        {"cache_creation_input_tokens", Json(cache_creation_tokens_)}});
  return out;
}

}  // namespace orchestra::plugins::anthropic
