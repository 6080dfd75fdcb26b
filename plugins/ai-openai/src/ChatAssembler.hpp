// Builds the SDK's chat result from an OpenAI-compatible answer: one JSON completion, or the
// `data:` chunks of its stream up to [DONE], with tool-call deltas joined by their index.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "orchestra/sdk/AiProvider.hpp"
#include "orchestra/sdk/Json.hpp"

namespace orchestra::plugins::openai {

// Error types and codes a retry may cure (rate limits, overload, the server's own failures).
bool isTransientError(const sdk::Json& error);

class ChatAssembler {
 public:
  using ChunkSink = std::function<void(const sdk::Json& chunk)>;

  explicit ChatAssembler(ChunkSink chunks = {}) : chunks_(std::move(chunks)) {}

  void takeCompletion(const sdk::Json& completion);
  // The data of one stream event ("[DONE]" included). Throws sdk::Error for an error object.
  void takeStreamData(const std::string& data);
  // True once [DONE] arrived: a stream that ends before it was cut.
  bool complete() const { return complete_; }

  sdk::AiResponse response() const;

 private:
  struct ToolCall {
    std::string id;
    std::string name;
    std::string arguments;
  };

  void takeUsage(const sdk::Json& usage);
  void emit(const sdk::Json& chunk) const {
    if (chunks_) chunks_(chunk);
  }

  ChunkSink chunks_;
  std::string text_;
  std::map<int64_t, ToolCall> tool_calls_;  // by the index the server gave
  std::string model_;
  std::string finish_reason_;
  uint64_t prompt_tokens_ = 0;
  uint64_t completion_tokens_ = 0;
  uint64_t cached_tokens_ = 0;
  bool complete_ = false;
};

}  // namespace orchestra::plugins::openai
