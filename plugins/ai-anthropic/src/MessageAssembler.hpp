// Builds the SDK's chat result (message, finish_reason, model, usage) from Anthropic's answer:
// either one JSON message or the events of its SSE stream, relaying text and tool-call deltas
// as stream chunks while they arrive.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "orchestra/sdk/AiProvider.hpp"
#include "orchestra/sdk/Json.hpp"
#include "orchestra/sdk/SseParser.hpp"

namespace orchestra::plugins::anthropic {

// end_turn, stop_sequence and pause_turn -> stop; max_tokens -> length; tool_use ->
// tool_calls; refusal -> content_filter; anything new -> stop.
std::string finishReason(std::string_view stop_reason);

// Anthropic error types that a retry may cure (overload, rate limit, its own failures).
bool isTransientErrorType(std::string_view error_type);

class MessageAssembler {
 public:
  using ChunkSink = std::function<void(const sdk::Json& chunk)>;

  // `chunks` receives {"type":"text"...} and {"type":"tool_call"...} chunks (may be empty).
  explicit MessageAssembler(ChunkSink chunks = {}) : chunks_(std::move(chunks)) {}

  // A whole (non-streamed) Messages API answer.
  void takeMessage(const sdk::Json& message);
  // One event of the stream. Throws sdk::Error for an `error` event (classified by its type).
  void takeEvent(const sdk::SseEvent& event);
  // True once message_stop arrived: a stream that ends before it was cut.
  bool complete() const { return complete_; }

  sdk::AiResponse response() const;

 private:
  struct Block {
    std::string type;  // text | tool_use | thinking | ...
    std::string text;  // text, or the tool input's JSON text
    std::string id;
    std::string name;
    int tool_index = -1;
  };

  void takeUsage(const sdk::Json& usage);
  void startBlock(size_t index, const sdk::Json& block, bool whole);
  void delta(size_t index, const sdk::Json& delta);
  void emit(const sdk::Json& chunk) const {
    if (chunks_) chunks_(chunk);
  }

  ChunkSink chunks_;
  std::vector<Block> blocks_;
  std::string model_;
  std::string stop_reason_;
  uint64_t input_tokens_ = 0;
  uint64_t output_tokens_ = 0;
  uint64_t cache_read_tokens_ = 0;
  uint64_t cache_creation_tokens_ = 0;
  int tool_count_ = 0;
  bool complete_ = false;
};

}  // namespace orchestra::plugins::anthropic
