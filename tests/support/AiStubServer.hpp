// A local stand-in for the Anthropic Messages API and OpenAI-compatible chat completions and
// images, on 127.0.0.1 and a free port, speaking their exact wire formats (JSON and SSE). The
// request's model picks the scenario, so one workflow node config selects what the "API" does:
//   stub-tool             a tool call instead of text
//   stub-overloaded-once  529 overloaded_error (Anthropic) / 503 (OpenAI), retry-after: 1, the
//                         first time only
//   stub-rate-limited     429 rate_limit_error, retry-after: 1
//   stub-rate-limited-once  429 rate_limit_error, retry-after: 2, the first time only
//   stub-bad-request      400 invalid_request_error
//   stub-unauthorized     401 authentication_error
//   stub-slow             a stream of kSlowTokens tokens, one every kSlowTokenMs
//   stub-cut              a stream that stops mid-way (no message_stop / [DONE]) and closes
//   stub-many             a stream of kManyTokens tokens sent at once (benchmarks)
//   stub-agent            an agent's turn: calls the first tool offered (task and message
//                         "look it up") until a tool result is in the conversation, then
//                         answers "Agent done: <the result>" (JSON)
//   stub-agent-set        the same, calling the tool with {"values":{"found":"Orchestra"}}
//                         (core.set's config, for a node tool)
//   anything else         "Hello from the stub", JSON or streamed as asked
#pragma once

#include <Poco/Net/HTTPServer.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace orchestra::testing {

struct AiStubRequest {
  std::string path;
  std::string api_key;            // x-api-key (Anthropic) or the Bearer token (OpenAI)
  std::string anthropic_version;  // the anthropic-version header
  std::string body;
  std::chrono::steady_clock::time_point received;
};

class AiStubServer {
 public:
  static constexpr int kSlowTokens = 200;
  static constexpr int kSlowTokenMs = 50;
  static constexpr int kManyTokens = 1000;
  // The answer's text and its usage, as the stub reports them.
  static constexpr const char* kText = "Hello from the stub";
  static constexpr std::uint64_t kAnthropicInputTokens = 10;  // + cache reads and writes below
  static constexpr std::uint64_t kAnthropicCacheReadTokens = 5;
  static constexpr std::uint64_t kAnthropicCacheCreationTokens = 3;
  static constexpr std::uint64_t kOutputTokens = 4;
  static constexpr std::uint64_t kOpenAiPromptTokens = 12;
  static constexpr std::uint64_t kOpenAiCachedTokens = 2;

  AiStubServer();
  ~AiStubServer();
  AiStubServer(const AiStubServer&) = delete;
  AiStubServer& operator=(const AiStubServer&) = delete;

  std::uint16_t port() const { return port_; }
  // "http://127.0.0.1:<port>" (Anthropic's base_url) and that + "/v1" (OpenAI's).
  std::string baseUrl() const;

  std::vector<AiStubRequest> requests() const;
  std::size_t requestCount() const;
  // Tokens of stub-slow streams written before the client went away or the stream ended.
  int slowTokensSent() const;
  // True once a stub-slow stream saw its client go away before the end.
  bool slowStreamAbandoned() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::uint16_t port_ = 0;
};

}  // namespace orchestra::testing
