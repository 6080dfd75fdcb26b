#include "tests/support/AiStubServer.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

namespace orchestra::testing {

struct AiStubServer::State {
  mutable std::mutex mutex;
  std::vector<AiStubRequest> requests;
  std::set<std::string> overloaded_once;  // dialects that already failed once
  std::set<std::string> limited_once;     // the same for stub-rate-limited-once
  std::atomic<int> slow_tokens_sent{0};
  std::atomic<bool> slow_abandoned{false};
  std::atomic<bool> stopping{false};
};

namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerResponse;

constexpr std::array<const char*, 4> kPieces = {"Hello", " from", " the", " stub"};

std::string quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void sendJson(HTTPServerResponse& response, int status, const std::string& body,
              const std::string& retry_after = "") {
  response.setStatus(static_cast<HTTPResponse::HTTPStatus>(status));
  response.setContentType("application/json");
  if (!retry_after.empty()) response.set("retry-after", retry_after);
  response.sendBuffer(body.data(), body.size());
}

int tokenCount(const std::string& model) {
  if (model == "stub-slow") return AiStubServer::kSlowTokens;
  if (model == "stub-many") return AiStubServer::kManyTokens;
  return static_cast<int>(kPieces.size());
}

// Writes one piece of a stream and tells whether the client still takes it.
bool emit(std::ostream& out, const std::string& text) {
  out << text;
  out.flush();
  return out.good();
}

class StubHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit StubHandler(std::shared_ptr<AiStubServer::State> state) : state_(std::move(state)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, HTTPServerResponse& response) override {
    std::ostringstream body;
    Poco::StreamCopier::copyStream(request.stream(), body);
    const std::string path = request.getURI().substr(0, request.getURI().find('?'));
    const bool anthropic = path == "/v1/messages";
    std::string key = anthropic ? request.get("x-api-key", "") : request.get("Authorization", "");
    if (key.rfind("Bearer ", 0) == 0) key = key.substr(7);
    {
      std::lock_guard lock(state_->mutex);
      state_->requests.push_back({path, key, request.get("anthropic-version", ""), body.str(),
                                  std::chrono::steady_clock::now()});
    }
    std::string model;
    bool stream = false;
    try {
      Poco::JSON::Parser parser;
      const auto json = parser.parse(body.str()).extract<Poco::JSON::Object::Ptr>();
      model = json->optValue<std::string>("model", "");
      stream = json->optValue<bool>("stream", false);
    } catch (const Poco::Exception&) {
      sendJson(response, 400,
               R"({"type":"error","error":{"type":"invalid_request_error",)"
               R"("message":"body is not JSON"}})");
      return;
    }
    if (path == "/v1/images/generations") return image(response);
    if (!anthropic && path != "/v1/chat/completions") return sendJson(response, 404, "{}");
    if (failed(response, anthropic, model)) return;
    if (model == "stub-agent") {
      return agentTurn(response, anthropic, body.str(),
                       R"({"task":"look it up","text":"hi","message":"look it up"})");
    }
    if (model == "stub-agent-set") {
      return agentTurn(response, anthropic, body.str(), R"({"values":{"found":"Orchestra"}})");
    }
    if (model == "stub-slow" || model == "stub-cut" || model == "stub-many" || stream) {
      return anthropic ? anthropicStream(response, model) : openAiStream(response, model);
    }
    return anthropic ? anthropicJson(response, model) : openAiJson(response, model);
  }

 private:
  // stub-agent, JSON only: without a tool result in the conversation, calls the first tool it
  // is offered with `arguments` (stub-agent's {"task": "look it up", "message": "look it up"}:
  // a sub-agent reads the task, an MCP echo tool the message); with one, answers "Agent done:
  // <that result>".
  void agentTurn(HTTPServerResponse& response, bool anthropic, const std::string& body,
                 const std::string& arguments) {
    Poco::JSON::Parser parser;
    const auto request = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    std::string tool;
    if (const auto tools = request->getArray("tools"); tools && tools->size() > 0) {
      const auto first = tools->getObject(0);
      tool = anthropic ? first->getValue<std::string>("name")
                       : first->getObject("function")->getValue<std::string>("name");
    }
    std::string result;
    bool answered = false;
    const auto messages = request->getArray("messages");
    for (std::size_t i = 0; messages && i < messages->size(); ++i) {
      const auto message = messages->getObject(static_cast<unsigned>(i));
      if (!anthropic && message->optValue<std::string>("role", "") == "tool") {
        result = message->optValue<std::string>("content", "");
        answered = true;
      }
      if (anthropic && message->isArray("content")) {
        const auto blocks = message->getArray("content");
        for (std::size_t b = 0; b < blocks->size(); ++b) {
          const auto block = blocks->getObject(static_cast<unsigned>(b));
          if (block->optValue<std::string>("type", "") != "tool_result") continue;
          answered = true;
          result = block->isArray("content")
                       ? block->getArray("content")->getObject(0)->optValue<std::string>("text", "")
                       : block->optValue<std::string>("content", "");
        }
      }
    }
    const bool calls = !answered && !tool.empty();
    const std::string text = calls ? "" : "Agent done: " + result;
    if (anthropic) {
      const std::string content = calls ? R"([{"type":"tool_use","id":"toolu_agent","name":)" +
                                              quote(tool) + R"(,"input":)" + arguments + "}]"
                                        : R"([{"type":"text","text":)" + quote(text) + "}]";
      return sendJson(response, 200,
                      R"({"id":"msg_agent","type":"message","role":"assistant",)"
                      R"("model":"stub-agent","content":)" +
                          content + R"(,"stop_reason":")" + (calls ? "tool_use" : "end_turn") +
                          R"(","usage":{"input_tokens":10,"output_tokens":4}})");
    }
    const std::string message =
        calls ? R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_agent",)"
                R"("type":"function","function":{"name":)" +
                    quote(tool) + R"(,"arguments":)" + quote(arguments) + "}}]}"
              : R"({"role":"assistant","content":)" + quote(text) + "}";
    sendJson(response, 200,
             R"({"id":"chatcmpl-agent","object":"chat.completion","created":1,)"
             R"("model":"stub-agent","choices":[{"index":0,"message":)" +
                 message + R"(,"finish_reason":")" + (calls ? "tool_calls" : "stop") +
                 R"("}],"usage":{"prompt_tokens":12,"completion_tokens":4,"total_tokens":16}})");
  }

  // The error scenarios; true when one answered.
  bool failed(HTTPServerResponse& response, bool anthropic, const std::string& model) {
    auto error = [&](int status, const std::string& type, const std::string& message,
                     const std::string& retry_after) {
      const std::string body = anthropic
                                   ? R"({"type":"error","error":{"type":")" + type +
                                         R"(","message":)" + quote(message) + "}}"
                                   : R"({"error":{"message":)" + quote(message) + R"(,"type":")" +
                                         type + R"(","code":")" + type + R"("}})";
      sendJson(response, status, body, retry_after);
      return true;
    };
    if (model == "stub-overloaded-once") {
      std::lock_guard lock(state_->mutex);
      if (state_->overloaded_once.insert(anthropic ? "anthropic" : "openai").second) {
        return anthropic ? error(529, "overloaded_error", "Overloaded", "1")
                         : error(503, "server_error", "The server is overloaded", "1");
      }
    }
    if (model == "stub-rate-limited") {
      return error(429, anthropic ? "rate_limit_error" : "rate_limit_exceeded", "Slow down", "1");
    }
    if (model == "stub-rate-limited-once") {
      std::lock_guard lock(state_->mutex);
      if (state_->limited_once.insert(anthropic ? "anthropic" : "openai").second) {
        return error(429, anthropic ? "rate_limit_error" : "rate_limit_exceeded", "Slow down", "2");
      }
    }
    if (model == "stub-bad-request") {
      return error(400, "invalid_request_error", "max_tokens: must be positive", "");
    }
    if (model == "stub-unauthorized") {
      return error(401, anthropic ? "authentication_error" : "invalid_api_key", "invalid x-api-key",
                   "");
    }
    return false;
  }

  void anthropicJson(HTTPServerResponse& response, const std::string& model) {
    const std::string content =
        model == "stub-tool"
            ? R"([{"type":"text","text":"Let me look."},{"type":"tool_use","id":"toolu_01",)"
              R"("name":"lookup","input":{"city":"Oslo"}}])"
            : std::string(R"([{"type":"text","text":")") + AiStubServer::kText + R"("}])";
    sendJson(response, 200,
             R"({"id":"msg_01","type":"message","role":"assistant","model":")" + model +
                 R"(","content":)" + content + R"(,"stop_reason":")" +
                 (model == "stub-tool" ? "tool_use" : "end_turn") +
                 R"(","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":4,)"
                 R"("cache_read_input_tokens":5,"cache_creation_input_tokens":3}})");
  }

  // Starts an event stream; stub-cut's has no length and is not chunked, so that it ends (too
  // early) when the connection closes.
  static std::ostream& startStream(HTTPServerResponse& response, const std::string& model) {
    response.setStatus(HTTPResponse::HTTP_OK);
    response.setContentType("text/event-stream");
    if (model == "stub-cut") {
      response.setKeepAlive(false);
    } else {
      response.setChunkedTransferEncoding(true);
    }
    return response.send();
  }

  // Sends the model's text piece by piece with `send` (false: the client is gone); false when
  // the stream must end here (cut, client gone, server stopping).
  bool streamPieces(const std::string& model, const std::function<bool(const std::string&)>& send) {
    const bool slow = model == "stub-slow";
    const int pieces = tokenCount(model);
    for (int i = 0; i < pieces; ++i) {
      if (model == "stub-cut" && i == 2) return false;  // the connection drops mid-answer
      if (!send(pieces > 4 ? " tok" : kPieces.at(static_cast<std::size_t>(i)))) {
        if (slow) state_->slow_abandoned.store(true);
        return false;
      }
      if (slow) {
        state_->slow_tokens_sent.fetch_add(1);
        std::this_thread::sleep_for(std::chrono::milliseconds(AiStubServer::kSlowTokenMs));
        if (state_->stopping.load()) return false;
      }
    }
    return true;
  }

  void anthropicStream(HTTPServerResponse& response, const std::string& model) {
    std::ostream& out = startStream(response, model);
    auto event = [&](const std::string& type, const std::string& data) {
      return emit(out, "event: " + type + "\ndata: " + data + "\n\n");
    };
    event(
        "message_start",
        R"({"type":"message_start","message":{"id":"msg_01","type":"message","role":)"
        R"("assistant","content":[],"model":")" +
            model +
            R"(","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,)"
            R"("cache_read_input_tokens":5,"cache_creation_input_tokens":3,"output_tokens":1}}})");
    event("content_block_start",
          R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})");
    event("ping", R"({"type": "ping"})");
    const bool whole = streamPieces(model, [&](const std::string& piece) {
      return event("content_block_delta",
                   R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta",)"
                   R"("text":)" +
                       quote(piece) + "}}");
    });
    if (!whole) return;
    event("content_block_stop", R"({"type":"content_block_stop","index":0})");
    event("message_delta",
          R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},)"
          R"("usage":{"output_tokens":4}})");
    event("message_stop", R"({"type":"message_stop"})");
  }

  void openAiJson(HTTPServerResponse& response, const std::string& model) {
    const std::string message =
        model == "stub-tool"
            ? R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_01","type":)"
              R"("function","function":{"name":"lookup","arguments":"{\"city\":\"Oslo\"}"}}]})"
            : std::string(R"({"role":"assistant","content":")") + AiStubServer::kText + "\"}";
    sendJson(response, 200,
             R"({"id":"chatcmpl-01","object":"chat.completion","created":1,"model":")" + model +
                 R"(","choices":[{"index":0,"message":)" + message + R"(,"finish_reason":")" +
                 (model == "stub-tool" ? "tool_calls" : "stop") +
                 R"("}],"usage":{"prompt_tokens":12,"completion_tokens":4,"total_tokens":16,)"
                 R"("prompt_tokens_details":{"cached_tokens":2}}})");
  }

  void openAiStream(HTTPServerResponse& response, const std::string& model) {
    std::ostream& out = startStream(response, model);
    auto chunk = [&](const std::string& delta, const std::string& finish) {
      return emit(out, R"(data: {"id":"chatcmpl-01","object":"chat.completion.chunk",)"
                       R"("created":1,"model":")" +
                           model + R"(","choices":[{"index":0,"delta":)" + delta +
                           R"(,"finish_reason":)" + finish + "}]}\n\n");
    };
    chunk(R"({"role":"assistant","content":""})", "null");
    const bool whole = streamPieces(model, [&](const std::string& piece) {
      return chunk(R"({"content":)" + quote(piece) + "}", "null");
    });
    if (!whole) return;
    chunk("{}", R"("stop")");
    emit(out, R"(data: {"id":"chatcmpl-01","object":"chat.completion.chunk","created":1,)"
              R"("model":")" +
                  model +
                  R"(","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":4,)"
                  R"("total_tokens":16,"prompt_tokens_details":{"cached_tokens":2}}})"
                  "\n\n");
    emit(out, "data: [DONE]\n\n");
  }

  void image(HTTPServerResponse& response) {
    sendJson(response, 200, R"({"created":1,"data":[{"b64_json":"iVBORw0KGgo="}]})");
  }

  std::shared_ptr<AiStubServer::State> state_;
};

class StubFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit StubFactory(std::shared_ptr<AiStubServer::State> state) : state_(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new StubHandler(state_);
  }

 private:
  std::shared_ptr<AiStubServer::State> state_;
};

}  // namespace

AiStubServer::AiStubServer() : state_(std::make_shared<State>()) {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  port_ = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(32);
  params->setMaxQueued(256);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new StubFactory(state_), socket, params);
  server_->start();
}

AiStubServer::~AiStubServer() {
  state_->stopping.store(true);
  server_->stopAll(true);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server_->currentThreads() > 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

std::string AiStubServer::baseUrl() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::vector<AiStubRequest> AiStubServer::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

std::size_t AiStubServer::requestCount() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests.size();
}

int AiStubServer::slowTokensSent() const {
  return state_->slow_tokens_sent.load();
}

bool AiStubServer::slowStreamAbandoned() const {
  return state_->slow_abandoned.load();
}

}  // namespace orchestra::testing
